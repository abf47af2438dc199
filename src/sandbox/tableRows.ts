// The host's reading of a reply table (replyTable.ts) that was stored rather than built here (the
// symbols pack keeps each file's symbols as one): the same rows the guest rebuilds from it.
import type { ReplyTable, TableColumn } from './replyTable.js';
import type { JsonValue } from './sandbox.js';

/** The rows of a table without a tail; a dictionary index of -1 leaves its key out of that row. */
export function rowsOfTable(table: ReplyTable): Array<Record<string, JsonValue>> {
  const cols = table.cols.map((col) => values(col, table.n));
  return Array.from({ length: table.n }, (_, i) => {
    const row: Record<string, JsonValue> = {};
    table.keys.forEach((key, k) => {
      const value = cols[k]![i];
      if (value !== undefined) row[key] = value; // keys come from our own encoders, which refuse __proto__ and the like
    });
    return row;
  });
}

function values(col: TableColumn, n: number): Array<JsonValue | undefined> {
  if (Array.isArray(col)) return col;
  if ('dict' in col) return col.idx.map((i) => (i >= 0 ? col.dict[i] : undefined));
  if ('runs' in col) return col.runs.flatMap((value, run) => Array<JsonValue>(col.counts[run]!).fill(value));
  throw new Error(`a stored table has no tail: ${n} rows expected`);
}
