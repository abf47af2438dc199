// Text helpers for what the REPL functions return to the model.

/** Normalises a directory argument: "", ".", "./src/", "src" → "" or "src". */
export function normalizeDir(dir: string): string {
  let d = dir.trim().replace(/\/+/g, '/');
  while (d.startsWith('./')) d = d.slice(2);
  if (d === '.' || d === '/') return '';
  return d.replace(/\/$/, '');
}

/** "N: text" lines, the way peek shows them. */
export function numberLines(lines: readonly string[], firstLine: number): string {
  return lines.map((text, i) => `${firstLine + i}: ${text}`).join('\n');
}
