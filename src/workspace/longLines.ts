// Very long lines (minified code, data dumps, a 50 MB single-line file) as `lines()` hands them
// out: cut, with a marker, after reading only their head, so a peek costs what it returns.
import { formatBytes } from './format.js';

/** Characters of a line that peek shows: ten cut lines fill a cell's 20,000-character output. */
export const MAX_PEEK_LINE_CHARS = 2_000;

/**
 * Bytes read of a line: enough for MAX_PEEK_LINE_CHARS characters in any of our encodings
 * (UTF-8 takes at most 3 bytes per UTF-16 unit), plus room so that redaction sees a credential
 * that straddles the cut whole.
 */
export const LINE_HEAD_BYTES = MAX_PEEK_LINE_CHARS * 3 + 1_024;

/** The line, or its first MAX_PEEK_LINE_CHARS characters and a marker; `lineBytes` is its whole length on disk. */
export function cutLongLine(text: string, lineBytes: number): string {
  if (text.length <= MAX_PEEK_LINE_CHARS) return text;
  let end = MAX_PEEK_LINE_CHARS;
  if (/[\uD800-\uDBFF]/.test(text[end - 1]!)) end--; // keep a surrogate pair whole
  return `${text.slice(0, end)}… [line cut at ${MAX_PEEK_LINE_CHARS} characters; the line is ${formatBytes(lineBytes)}: grep finds text in the rest]`;
}
