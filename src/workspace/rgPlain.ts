// Parses rg's plain output (`--null --line-number --column --no-heading`), a third the size of
// its JSON and far cheaper to read: `path\0LINE:COLUMN:text` for matches, `path\0LINE-text`
// for context lines. Used for single-line searches; multiline ones go through rg --json.
import { isUtf8 } from 'node:buffer';
import { decodeText } from './decode.js';
import type { RgLineEvent } from './rgJson.js';

export const PLAIN_OUTPUT_ARGS = [
  '--null',
  '--line-number',
  '--column',
  '--no-heading',
  '--with-filename',
  '--no-context-separator',
  '--color',
  'never',
];

const COLON = 0x3a;
const DASH = 0x2d;

/** One line of rg's output, handed over without an object per line. */
export type PlainLineSink = (kind: RgLineEvent['kind'], path: string, line: number, column: number, text: string) => void;

const NEWLINE = 0x0a;

/**
 * A parser for one rg run that reads whole chunks of records (runRipgrep's onChunk): a chunk of
 * valid UTF-8 is decoded once and cut with string searches, so a line costs no Buffer and no
 * decoding of its own. A chunk that is not valid UTF-8 goes record by record (windows-1252 lines).
 */
export function plainChunkParser(sink: PlainLineSink): (chunk: Buffer) => void {
  const byRecord = plainRecordParser();
  let lastPath = '';
  let pathVisible = false;
  return (chunk) => {
    if (!isUtf8(chunk)) {
      for (let start = 0; start < chunk.length;) {
        let end = chunk.indexOf(NEWLINE, start);
        if (end < 0) end = chunk.length;
        const event = byRecord(chunk.subarray(start, end));
        if (event) sink(event.kind, event.path, event.line, event.column, event.text);
        start = end + 1;
      }
      return;
    }
    const text = chunk.toString('utf8');
    const ascii = text.length === chunk.length;
    for (let start = 0; start < text.length;) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const nul = text.indexOf('\0', start);
      if (nul > start && nul < end) {
        if (nul - start !== lastPath.length || !text.startsWith(lastPath, start)) {
          lastPath = text.slice(start, nul);
          pathVisible = !lastPath.includes('\uFFFD'); // as plainRecordParser: such a name is never listed
        }
        if (pathVisible) parseLineAt(text, nul + 1, end, ascii, lastPath, sink);
      }
      start = end + 1;
    }
  };
}

/** `LINE:COLUMN:text` or `LINE-text` in text[from, end). */
function parseLineAt(text: string, from: number, end: number, ascii: boolean, path: string, sink: PlainLineSink): void {
  let i = from;
  let line = 0;
  for (let c = text.charCodeAt(i); c >= 0x30 && c <= 0x39; c = text.charCodeAt(++i)) line = line * 10 + c - 0x30;
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
  const lineText = text.slice(i + 1, lineEnd);
  const column = ascii || byteColumn <= 1 ? byteColumn : stringColumn(lineText, byteColumn);
  sink(separator === COLON ? 'match' : 'context', path, line, column, lineText);
}

/** rg's byte column in a UTF-8 line as a JS string column. */
function stringColumn(text: string, byteColumn: number): number {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length === text.length ? byteColumn : bytes.toString('utf8', 0, byteColumn - 1).length + 1;
}

export function parsePlainRecord(record: Buffer): RgLineEvent | undefined {
  return plainRecordParser()(record);
}

/**
 * A parser for one rg run. rg writes a file's lines together, so the path of the previous
 * record is kept and reused while the bytes are the same: one string per file, not per line.
 */
export function plainRecordParser(): (record: Buffer) => RgLineEvent | undefined {
  let lastBytes = Buffer.alloc(0);
  let lastPath: string | undefined;
  return (record) => {
    const nul = record.indexOf(0);
    if (nul <= 0) return undefined;
    if (nul !== lastBytes.length || record.compare(lastBytes, 0, nul, 0, nul) !== 0) {
      lastBytes = Buffer.from(record.subarray(0, nul));
      const path = lastBytes.toString('utf8');
      lastPath = path.includes('\uFFFD') ? undefined : path; // a non-UTF-8 file name is never in the listing
    }
    return lastPath === undefined ? undefined : parseAfterPath(record, nul, lastPath);
  };
}

function parseAfterPath(record: Buffer, nul: number, path: string): RgLineEvent | undefined {
  let i = nul + 1;
  const line = readNumber(record, i);
  i = line.end;
  let byteColumn = 1;
  let kind: RgLineEvent['kind'];
  if (record[i] === COLON) {
    const column = readNumber(record, i + 1);
    if (record[column.end] !== COLON) return undefined;
    byteColumn = column.value;
    i = column.end + 1;
    kind = 'match';
  } else if (record[i] === DASH) {
    i += 1;
    kind = 'context';
  } else {
    return undefined;
  }
  let end = record.length;
  if (record[end - 1] === 0x0d) end--; // CRLF files: the record was split at \n
  const bytes = record.subarray(i, end);
  const utf8 = isUtf8(bytes);
  const text = utf8 ? bytes.toString('utf8') : decodeText(bytes, 'windows-1252');
  return { kind, path, line: line.value, text, column: toStringColumn(bytes, text, byteColumn, utf8) };
}

function readNumber(bytes: Buffer, start: number): { value: number; end: number } {
  let value = 0;
  let i = start;
  while (i < bytes.length && bytes[i]! >= 0x30 && bytes[i]! <= 0x39) value = value * 10 + bytes[i++]! - 0x30;
  return { value, end: i };
}

/** rg counts columns in bytes; the model indexes JS strings. Equal while the text is ASCII. */
function toStringColumn(bytes: Buffer, text: string, byteColumn: number, utf8: boolean): number {
  if (byteColumn <= 1 || bytes.length === text.length) return byteColumn;
  const prefix = bytes.subarray(0, byteColumn - 1);
  return (utf8 ? prefix.toString('utf8') : decodeText(prefix, 'windows-1252')).length + 1;
}
