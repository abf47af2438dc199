// The host's reading of a reply table (replyTable.ts) that was stored or made from columns rather
// than from rows here (the symbols pack keeps each file's symbols as one; grep's matches): the same
// rows the guest rebuilds from it.
import { tailValues, type ReplyTable, type TableColumn } from './replyTable.js';
import type { JsonValue } from './sandbox.js';

/** The rows of a table and its tail (tableReply's pieces); a dictionary index of -1 leaves its key out of that row. */
export function rowsOfTable(table: ReplyTable, tail: readonly string[][] = []): Array<Record<string, JsonValue>> {
  let inTail = 0;
  const cols = table.cols.map((col) => values(col, table.n, () => tail[inTail++]));
  return Array.from({ length: table.n }, (_, i) => {
    const row: Record<string, JsonValue> = {};
    table.keys.forEach((key, k) => {
      const value = cols[k]![i];
      if (value !== undefined) row[key] = value; // keys come from our own encoders, which refuse __proto__ and the like
    });
    return row;
  });
}

function values(col: TableColumn, n: number, nextTail: () => readonly string[] | undefined): Array<JsonValue | undefined> {
  if (Array.isArray(col)) return col;
  if ('dict' in col) return col.idx.map((i) => (i >= 0 ? col.dict[i] : undefined));
  if ('runs' in col) return col.runs.flatMap((value, run) => Array<JsonValue>(col.counts[run]!).fill(value));
  const pieces = nextTail();
  if (!pieces) throw new Error(`the table has no tail for a column: ${n} rows expected`);
  return tailValues(pieces, col);
}
