// A repo-map: file → its symbols with line ranges, most-referenced files first, fitted to a
// token budget so the model gets the shape of a large tree in one call.
import type { FileSymbols } from './types.js';

export interface OutlineFile {
  path: string;
  lines: number;
  result: FileSymbols;
}

const CHARS_PER_TOKEN = 4;

export function renderOutline(files: readonly OutlineFile[], maxTokens: number): string {
  const ranked = rank(files);
  const budget = maxTokens * CHARS_PER_TOKEN;
  const blocks: string[] = [];
  let used = 0;
  let omitted = 0;
  for (const file of ranked) {
    const full = block(file, false);
    const compact = block(file, true);
    const fits = [full, compact].find((text) => used + text.length + 1 <= budget);
    if (!fits) {
      omitted++;
      continue;
    }
    blocks.push(fits);
    used += fits.length + 1;
  }
  if (omitted) blocks.push(`… ${omitted} more file(s) not shown; call outline() on fewer files or pass a larger {maxTokens}`);
  return blocks.join('\n');
}

/** Files whose names are referenced most from other files first, then the larger ones. */
function rank(files: readonly OutlineFile[]): OutlineFile[] {
  const definedIn = new Map<string, Set<string>>();
  for (const file of files) {
    for (const symbol of file.result.symbols) {
      const owners = definedIn.get(symbol.name) ?? new Set<string>();
      owners.add(file.path);
      definedIn.set(symbol.name, owners);
    }
  }
  const score = new Map<string, number>(files.map((f) => [f.path, 0]));
  for (const file of files) {
    for (const ref of file.result.references) {
      for (const owner of definedIn.get(ref.name) ?? []) {
        if (owner !== file.path) score.set(owner, (score.get(owner) ?? 0) + 1);
      }
    }
  }
  return [...files].sort(
    (a, b) => score.get(b.path)! - score.get(a.path)! || b.result.symbols.length - a.result.symbols.length || b.lines - a.lines || (a.path < b.path ? -1 : 1),
  );
}

/** One file's entry; compact keeps only top-level symbols. */
function block(file: OutlineFile, compact: boolean): string {
  const header = `${file.path} (${file.lines} lines)`;
  const symbols = file.result.symbols.filter((s) => !compact || !s.container);
  const rows = symbols.map((s) => {
    const depth = s.container ? s.container.split('.').length : 0;
    return `${'  '.repeat(depth + 1)}${s.kind} ${s.name} ${s.startLine}-${s.endLine}`;
  });
  if (compact && symbols.length < file.result.symbols.length) rows.push(`  … ${file.result.symbols.length - symbols.length} nested symbols`);
  return [header, ...rows].join('\n');
}
