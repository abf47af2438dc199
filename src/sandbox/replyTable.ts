// A compact form for the large results host functions return (grep's matches, symbol lists):
// an array of objects with the same keys crosses the sandbox boundary as columns, and a column
// of repeated strings (grep's paths) as a dictionary plus indexes. Less text to write, copy and
// parse; the guest rebuilds the objects (guestRuntime's `fromTable`).
import type { JsonValue } from './sandbox.js';

/** Columns of one key: the values in row order, or a dictionary and each row's index into it. */
export type TableColumn = JsonValue[] | { dict: string[]; idx: number[] };

export interface ReplyTable {
  n: number;
  keys: string[];
  cols: TableColumn[];
}

/** Arrays shorter than this go as plain JSON: the table saves nothing there. */
const MIN_ROWS = 64;
/** Rows seen before a column of distinct strings is judged not worth a dictionary. */
const DICT_PROBE_ROWS = 256;
/** Keys an object built by assignment must not receive. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The table form of `value`, or undefined when it is not a long array of objects with one key list. */
export function toTable(value: JsonValue): ReplyTable | undefined {
  if (!Array.isArray(value) || value.length < MIN_ROWS) return undefined;
  const first = value[0];
  if (!isRecord(first)) return undefined;
  const keys = Object.keys(first);
  if (keys.some((key) => UNSAFE_KEYS.has(key))) return undefined;
  for (const row of value) if (!isRecord(row) || !hasKeys(row, keys)) return undefined;
  const rows = value as Array<Record<string, JsonValue>>;
  return { n: rows.length, keys, cols: keys.map((key) => column(rows.map((row) => row[key]!))) };
}

function column(values: JsonValue[]): TableColumn {
  if (typeof values[0] !== 'string' || !values.every((v) => typeof v === 'string')) return values;
  const index = new Map<string, number>();
  const idx = new Array<number>(values.length);
  for (let row = 0; row < values.length; row++) {
    const value = values[row] as string;
    let i = index.get(value);
    if (i === undefined) index.set(value, (i = index.size));
    idx[row] = i;
    // Mostly distinct values (grep's line texts) would not shrink: stop hashing them early.
    if (index.size * 2 > Math.max(row + 1, DICT_PROBE_ROWS)) return values;
  }
  return index.size * 2 <= values.length ? { dict: [...index.keys()], idx } : values;
}

/** True when `row`'s own keys are `keys`, in that order (checked without a key array per row). */
function hasKeys(row: Record<string, JsonValue>, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in row) if (key !== keys[i++] || !Object.hasOwn(row, key)) return false;
  return i === keys.length;
}

function isRecord(value: JsonValue | undefined): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
