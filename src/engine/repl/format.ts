// Text helpers for what the REPL functions return to the model.

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

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
