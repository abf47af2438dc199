// Parses rg's plain output with headings (`--heading --null --line-number --column`), far
// smaller and cheaper to read than its JSON: each file's block is `path\0` followed by its first
// line, then one line per record (`LINE:COLUMN:text` for matches, `LINE-text` for context lines),
// and a blank record before the next file. Used for single-line searches; multiline ones go
// through rg --json.
import { isUtf8 } from 'node:buffer';
import { NEEDS_WIDE, oneByteString } from '../sandbox/replyTable.js';
import { decodeText } from './decode.js';
import type { RgLineEvent } from './rgJson.js';

export const PLAIN_OUTPUT_ARGS = [
  '--null',
  '--line-number',
  '--column',
  '--heading',
  '--with-filename',
  '--no-context-separator',
  '--color',
  'never',
];

/** One line of rg's output, handed over without an object per line. */
export type PlainLineSink = (kind: RgLineEvent['kind'], path: string, line: number, column: number, text: string) => void;

const NEWLINE = 0x0a;
const COLON = 0x3a;
const DASH = 0x2d;

/**
 * How the columns of a decoded record relate to rg's byte columns; 'wide': as 'utf8', in a chunk
 * that holds a character past U+00FF, so V8 keeps the chunk's text, and every slice of it, with two
 * bytes per character.
 */
type Columns = 'same' | 'utf8' | 'wide' | 'bytes';

/**
 * A parser for one rg run that reads whole chunks of records (runRipgrep's onChunk). A chunk of
 * valid UTF-8 is decoded once and cut with string searches, so a line costs no Buffer and no
 * decoding of its own; a chunk that is not goes record by record (windows-1252 lines).
 */
export function plainChunkParser(sink: PlainLineSink): (chunk: Buffer) => void {
  let expectingPath = true;
  let path = '';
  let pathVisible = false;
  /** Parses the record text[start, end). */
  const record = (text: string, start: number, end: number, columns: Columns): void => {
    if (start === end) {
      expectingPath = true; // the blank record between files
      return;
    }
    let lineStart = start;
    if (expectingPath) {
      expectingPath = false;
      const nul = text.indexOf('\0', start);
      pathVisible = nul > start && nul < end;
      if (!pathVisible) return; // not a file's heading (a name with a newline): its lines are skipped
      path = text.slice(start, nul);
      pathVisible = !path.includes('\uFFFD'); // such a name is never in the listing
      lineStart = nul + 1;
    }
    if (pathVisible) parseLine(text, lineStart, end, columns, path, sink);
  };
  return (chunk) => {
    if (isUtf8(chunk)) {
      const text = chunk.toString('utf8');
      const columns = text.length === chunk.length ? 'same' : NEEDS_WIDE.test(text) ? 'wide' : 'utf8';
      for (let start = 0; start <= text.length;) {
        let end = text.indexOf('\n', start);
        if (end < 0) end = text.length;
        if (end > start || end < text.length) record(text, start, end, columns);
        start = end + 1;
      }
      return;
    }
    for (let start = 0; start <= chunk.length;) {
      let end = chunk.indexOf(NEWLINE, start);
      if (end < 0) end = chunk.length;
      if (end > start || end < chunk.length) {
        const bytes = chunk.subarray(start, end);
        if (isUtf8(bytes)) record(bytes.toString('utf8'), 0, end - start, 'utf8');
        else {
          // The heading's name must be UTF-8; the line is windows-1252, one character per byte, so its columns are rg's.
          const nul = expectingPath ? bytes.indexOf(0) : -1;
          const name = bytes.subarray(0, nul + 1);
          const text = (isUtf8(name) ? name.toString('utf8') : '\uFFFD\0') + decodeText(bytes.subarray(nul + 1), 'windows-1252');
          record(text, 0, text.length, 'bytes');
        }
      }
      start = end + 1;
    }
  };
}

/** `LINE:COLUMN:text` or `LINE-text` in text[from, end). */
function parseLine(text: string, from: number, end: number, columns: Columns, path: string, sink: PlainLineSink): void {
  let i = from;
  let line = 0;
  for (let c = text.charCodeAt(i); c >= 0x30 && c <= 0x39; c = text.charCodeAt(++i)) line = line * 10 + c - 0x30;
  if (i === from) return;
  const separator = text.charCodeAt(i);
  let byteColumn = 1;
  if (separator === COLON) {
    byteColumn = 0;
    for (let c = text.charCodeAt(++i); c >= 0x30 && c <= 0x39; c = text.charCodeAt(++i)) byteColumn = byteColumn * 10 + c - 0x30;
    if (text.charCodeAt(i) !== COLON) return;
  } else if (separator !== DASH) {
    return;
  }
  const lineEnd = text.charCodeAt(end - 1) === 0x0d ? end - 1 : end; // CRLF files: the record was split at \n
  let lineText = text.slice(i + 1, lineEnd);
  // A line of a wide chunk in a string of its own with one byte per character where it can: a
  // grep's texts are joined into one reply, which a single two-byte piece would make two-byte whole.
  if (columns === 'wide' && !NEEDS_WIDE.test(lineText)) lineText = oneByteString(lineText);
  const column = (columns === 'utf8' || columns === 'wide') && byteColumn > 1 ? stringColumn(lineText, byteColumn) : byteColumn;
  sink(separator === COLON ? 'match' : 'context', path, line, column, lineText);
}

/** rg counts columns in bytes; the model indexes JS strings. Equal while the line is ASCII. */
function stringColumn(text: string, byteColumn: number): number {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length === text.length ? byteColumn : bytes.toString('utf8', 0, byteColumn - 1).length + 1;
}
