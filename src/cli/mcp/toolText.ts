// What the workspace tools return to an agent: compact text in the shapes agents already read
// (ripgrep's `path:line:col: text`, numbered lines), never JSON they must unpack.
import type { JsonValue } from '../../sandbox/sandbox.js';
import type { RefLocation, SliceResult, SymbolInfo } from '../../symbols/types.js';
import type { GrepMatch } from '../../workspace/fileTree.js';

// The REPL functions return these shapes as JSON; the casts name what they are.
export function grepText(value: JsonValue | undefined): string {
  const matches = (value ?? []) as unknown as GrepMatch[];
  if (matches.length === 0) return 'No matches.';
  return matches
    .map((m) => {
      const before = (m.before ?? []).map((text, i, all) => `${m.path}-${m.line - all.length + i}- ${text}`);
      const after = (m.after ?? []).map((text, i) => `${m.path}-${m.line + 1 + i}- ${text}`);
      return [...before, `${m.path}:${m.line}:${m.column}: ${m.text}`, ...after].join('\n');
    })
    .join('\n');
}

export function globText(value: JsonValue | undefined): string {
  const paths = (value ?? []) as string[];
  return paths.length ? paths.join('\n') : 'No files match.';
}

export function symbolsText(value: JsonValue | undefined): string {
  const symbols = (value ?? []) as unknown as SymbolInfo[];
  if (symbols.length === 0) return 'No definitions found.';
  return symbols.map((s) => `${s.startLine}-${s.endLine} ${s.kind} ${s.container ? `${s.container}.` : ''}${s.name}`).join('\n');
}

export function sliceText(value: JsonValue | undefined, path: string, name: string): string {
  const slice = (value ?? null) as unknown as SliceResult | null;
  if (!slice) return `No definition named "${name}" in ${path}; the symbols tool lists what the file defines.`;
  const lines = slice.text.split('\n').map((text, i) => `${slice.startLine + i}: ${text}`);
  return [`${slice.path}:${slice.startLine}-${slice.endLine} ${slice.kind} ${slice.name}`, ...lines].join('\n');
}

export function refsText(value: JsonValue | undefined): string {
  const refs = (value ?? []) as unknown as RefLocation[];
  if (refs.length === 0) return 'No references found.';
  return refs.map((r) => `${r.path}:${r.line}:${r.column} ${r.kind}`).join('\n');
}

export function plainText(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

/** The function's notices (truncation, parse warnings) follow the result, as in a cell's output. */
export function withNotices(text: string, notices: readonly string[]): string {
  return notices.length ? `${text}\n\n${notices.join('\n')}` : text;
}
