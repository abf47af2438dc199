// The outline's ranking before issue 15, kept for the benchmark's comparison only: every file
// parsed, each scored by how often other files reference the names it defines.
import type { FileSymbols } from '../../src/symbols/types.js';

export interface ParsedOutlineFile {
  path: string;
  lines: number;
  result: FileSymbols;
}

export function referenceRanking(files: readonly ParsedOutlineFile[]): { ranked: string[]; rendered(maxTokens: number): string } {
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
      for (const owner of definedIn.get(ref.name) ?? []) if (owner !== file.path) score.set(owner, (score.get(owner) ?? 0) + 1);
    }
  }
  const sorted = [...files].sort(
    (a, b) =>
      score.get(b.path)! - score.get(a.path)! ||
      b.result.symbols.length - a.result.symbols.length ||
      b.lines - a.lines ||
      (a.path < b.path ? -1 : 1),
  );
  return {
    ranked: sorted.map((f) => f.path),
    rendered: (maxTokens) => {
      const budget = maxTokens * 4;
      const blocks: string[] = [];
      let used = 0;
      for (const file of sorted) {
        const fits = [block(file, false), block(file, true)].find((text) => used + text.length + 1 <= budget);
        if (!fits) continue;
        blocks.push(fits);
        used += fits.length + 1;
      }
      return blocks.join('\n');
    },
  };
}

function block(file: ParsedOutlineFile, compact: boolean): string {
  const symbols = file.result.symbols.filter((s) => !compact || !s.container);
  const rows = symbols.map(
    (s) => `${'  '.repeat((s.container ? s.container.split('.').length : 0) + 1)}${s.kind} ${s.name} ${s.startLine}-${s.endLine}`,
  );
  if (compact && symbols.length < file.result.symbols.length)
    rows.push(`  … ${file.result.symbols.length - symbols.length} nested symbols`);
  return [`${file.path} (${file.lines} lines)`, ...rows].join('\n');
}

/** The paths an outline shows (its header lines). */
export function shownFiles(outline: string): string[] {
  return outline
    .split('\n')
    .filter((line) => !line.startsWith(' ') && !line.startsWith('…'))
    .map((line) => line.replace(/ \(\d+ lines\)$/, ''));
}
