// grep's matches as the sandbox gets them: a reply table made straight from their columns
// (sandbox/replyTable.ts) — paths as runs, lines and columns as numbers, and each file's texts,
// already joined by newlines, as the tail — so no object is built per match on the host.
import { tailPieceFits, type TableColumn } from '../../sandbox/replyTable.js';
import { TableValue, type HostValue, type JsonValue } from '../../sandbox/sandbox.js';
import type { GrepMatches } from '../../workspace/grepMatches.js';

const KEYS = ['path', 'line', 'column', 'text'];

export function grepReply(matches: GrepMatches): HostValue {
  // Context lines give rows more keys, and only to some: plain objects (the bridge makes a table where it can).
  if (matches.context || matches.length === 0) return matches.rows() as unknown as JsonValue;
  const { files, counts, lines, columns, texts } = matches;
  const pieces = texts.every((run): run is string => typeof run === 'string' && tailPieceFits(run)) ? (texts as string[]) : undefined;
  const text: TableColumn = pieces ? { tail: true } : texts.flatMap((_, run) => matches.textsOf(run));
  return new TableValue({
    table: { n: matches.length, keys: KEYS, cols: [{ runs: files, counts }, lines, columns, text] },
    tail: pieces ? [pieces] : [],
  });
}
