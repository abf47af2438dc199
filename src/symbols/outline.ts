// A repo-map: file → its symbols with line ranges, most-imported files first, fitted to a token
// budget so the model gets the shape of a large tree in one call. Files are loaded (parsed or
// recalled) in rank order only until the budget is full, so the cost follows the budget, not
// the size of the tree.
import type { FileSymbols } from './types.js';

export interface OutlineFile {
  path: string;
  lines: number;
  result: FileSymbols;
}

const CHARS_PER_TOKEN = 4;
/** Files loaded at once: enough to keep the parse workers busy. */
const WINDOW = 8;
/** Below this many characters left, no further entry can fit (a header alone is longer). */
const MIN_ENTRY_CHARS = 24;
/** After this many files in a row that did not fit, the rest (smaller in rank) are not tried. */
const MAX_MISSES_IN_A_ROW = 2 * WINDOW;

/**
 * Renders `ranked` paths (best first) into at most `maxTokens`, loading each file only when
 * the budget may still hold it. `load` never rejects (a failed file has no symbols).
 */
export async function fitOutline(
  ranked: readonly string[],
  maxTokens: number,
  load: (path: string) => Promise<OutlineFile>,
): Promise<string> {
  const budget = maxTokens * CHARS_PER_TOKEN;
  const blocks: string[] = [];
  let used = 0;
  let misses = 0;
  let next = 0;
  while (next < ranked.length && budget - used >= MIN_ENTRY_CHARS && misses < MAX_MISSES_IN_A_ROW) {
    const window = await Promise.all(ranked.slice(next, next + WINDOW).map(load));
    next += window.length;
    for (const file of window) {
      const fits = [block(file, false), block(file, true)].find((text) => used + text.length + 1 <= budget);
      if (!fits) {
        misses++;
        continue;
      }
      misses = 0;
      blocks.push(fits);
      used += fits.length + 1;
    }
  }
  const omitted = ranked.length - blocks.length;
  if (omitted) blocks.push(`… ${omitted} more file(s) not shown; call outline() on fewer files or pass a larger {maxTokens}`);
  return blocks.join('\n');
}

/** One file's entry; compact keeps only top-level symbols. */
function block(file: OutlineFile, compact: boolean): string {
  const header = `${file.path} (${file.lines} lines)`;
  const symbols = file.result.symbols.filter((s) => !compact || !s.container);
  const rows = symbols.map((s) => {
    const depth = s.container ? s.container.split('.').length : 0;
    return `${'  '.repeat(depth + 1)}${s.kind} ${s.name} ${s.startLine}-${s.endLine}`;
  });
  if (compact && symbols.length < file.result.symbols.length)
    rows.push(`  … ${file.result.symbols.length - symbols.length} nested symbols`);
  return [header, ...rows].join('\n');
}
