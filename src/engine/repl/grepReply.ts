// grep's matches as the sandbox gets them: a reply table made straight from their columns
// (sandbox/replyTable.ts) — paths as runs, lines and columns as numbers, and each file's texts,
// already joined by newlines, as the tail — so no object is built per match on the host. A line
// that would make the reply a two-byte string (a character past U+00FF: one such line among 189k
// doubles every copy of the 9 MB reply) goes escaped, and the table names its rows.
import { escapedTailLine, NEEDS_ESCAPE, oneByteString, type TableColumn } from '../../sandbox/replyTable.js';
import { TableValue, type HostValue, type JsonValue } from '../../sandbox/sandbox.js';
import type { GrepMatches } from '../../workspace/grepMatches.js';

const KEYS = ['path', 'line', 'column', 'text'];

export function grepReply(matches: GrepMatches): HostValue {
  // Context lines give rows more keys, and only to some: plain objects (the bridge makes a table where it can).
  if (matches.context || matches.length === 0) return matches.rows() as unknown as JsonValue;
  const { files, counts, lines, columns, texts } = matches;
  if (!texts.every((run): run is string => typeof run === 'string')) {
    const text = texts.flatMap((_, run) => matches.textsOf(run)); // multiline matches: a plain column
    return new TableValue({ table: { n: matches.length, keys: KEYS, cols: [{ runs: files, counts }, lines, columns, text] }, tail: [] });
  }
  const escaped: number[] = [];
  const pieces = (texts as string[]).slice();
  matches.eachRun((_path, from, _to, run) => {
    if (NEEDS_ESCAPE.test(pieces[run]!)) pieces[run] = escapedPiece(matches.textsOf(run), from, escaped);
  });
  const text: TableColumn = escaped.length ? { tail: true, json: escaped } : { tail: true };
  return new TableValue({
    table: { n: matches.length, keys: KEYS, cols: [{ runs: files, counts }, lines, columns, text] },
    tail: [pieces],
  });
}

/**
 * A run's texts, from row `from` on, joined, each line that needs it escaped and its row added to
 * `escaped`; one byte per character (its other lines are slices of a two-byte string).
 */
function escapedPiece(lines: string[], from: number, escaped: number[]): string {
  const escapedLines = lines.map((line, i) => {
    if (!NEEDS_ESCAPE.test(line)) return line;
    escaped.push(from + i);
    return escapedTailLine(line);
  });
  return oneByteString(escapedLines.join('\n'));
}
