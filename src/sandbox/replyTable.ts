// A compact form for the large results host functions return (grep's matches, symbol lists):
// an array of objects with the same keys crosses the sandbox boundary as columns. A column of
// strings goes as runs when equal values come together (grep's paths: one per file), else as a
// dictionary plus indexes when values repeat, else — mostly distinct, newline-free strings such as
// grep's line texts — as lines of the reply's tail: raw text after the JSON head, which the guest
// cuts with one split() instead of parsing 189k JSON strings. Less text to write, copy and parse;
// the guest rebuilds the objects (guestRuntime's `fromTable`).
import type { JsonValue } from './sandbox.js';

/**
 * Columns of one key: the values in row order; a dictionary and each row's index into it (-1: the
 * row has no such key, as a symbol without a container, in the symbols pack's tables); runs
 * of equal values and their lengths; or `{tail: true}`: the next `n` lines of the reply's tail.
 */
export type TableColumn = JsonValue[] | DictionaryColumn | { runs: string[]; counts: number[] } | TailColumn;

/**
 * A column sent as tail lines. `json`: the rows whose line is the inside of a JSON string literal,
 * ASCII only (escapedTailLine), because their text holds a character that would make the whole
 * reply a two-byte string (anything past U+00FF), a NUL or a lone surrogate.
 */
export interface TailColumn {
  tail: true;
  json?: number[];
}

export interface DictionaryColumn {
  dict: string[];
  idx: number[];
}

export interface ReplyTable {
  n: number;
  keys: string[];
  cols: TableColumn[];
}

/** Arrays shorter than this go as plain JSON: the table saves nothing there. */
const MIN_ROWS = 64;
/** Rows seen before a column of distinct strings is judged not worth a dictionary. */
const DICT_PROBE_ROWS = 256;
/** Runs pay when each holds at least this many rows on average. */
const ROWS_PER_RUN = 4;
/** Keys an object built by assignment must not receive. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const IN_TAIL: TableColumn = { tail: true };

/**
 * A table and its tail: the text of each column that went as tail lines, in column order, as
 * pieces the reply joins with newlines — one line per row, a piece may hold several (grep's
 * texts come joined per file, grepMatches.ts).
 */
export interface TableForm {
  table: ReplyTable;
  tail: string[][];
}

/**
 * The table form of `value`, or undefined when it is not a long array of objects with one key
 * list. With `withTail`, columns of distinct strings go as tail lines instead of JSON.
 */
export function toTable(value: JsonValue, withTail = false): TableForm | undefined {
  if (!Array.isArray(value) || value.length < MIN_ROWS) return undefined;
  const first = value[0];
  if (!isRecord(first)) return undefined;
  const keys = Object.keys(first);
  if (keys.some((key) => UNSAFE_KEYS.has(key))) return undefined;
  const values = columnsOf(value, keys);
  if (!values) return undefined;
  const tail: string[][] = [];
  return { table: { n: value.length, keys, cols: values.map((column) => pack(column, withTail ? tail : undefined)) }, tail };
}

/** The values of a tail column from its pieces: one per line, the escaped ones decoded. */
export function tailValues(pieces: readonly string[], col: TailColumn): string[] {
  const values = pieces.join('\n').split('\n');
  for (const row of col.json ?? []) values[row] = JSON.parse(`"${values[row]!}"`) as string;
  return values;
}

/**
 * Whether a line must go escaped for the reply to stay a one-byte (Latin-1) string: a string
 * holding one character past U+00FF is stored with two bytes per character in V8, and a 9 MB grep
 * reply would then cost 18 MB at every copy (the IPC to the isolate process, its read, the copy
 * into the isolate, the split); and whether QuickJS, which reads a host string up to a NUL, would
 * receive it whole (no NUL, no lone surrogate).
 */
export const NEEDS_ESCAPE = /[^\x01-\xff]/;

/** A line as the inside of a JSON string literal in ASCII: the guest decodes it with JSON.parse. */
export function escapedTailLine(line: string): string {
  return JSON.stringify(line)
    .slice(1, -1)
    .replace(/[^\0-\x7f]/g, unicodeEscape);
}

/** JSON text with every character past U+00FF (only ever inside its strings) as a \u escape: a one-byte string. */
export function oneByteJson(json: string): string {
  return NEEDS_WIDE.test(json) ? oneByteString(json.replace(NEEDS_WIDE_ALL, unicodeEscape)) : json;
}

/**
 * The same Latin-1 text stored one byte per character: V8 keeps a string made from a two-byte one
 * (a replace, a slice) two-byte even when no character needs it.
 */
export function oneByteString(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('latin1');
}
/** A character past U+00FF: a string holding one is stored two bytes per character in V8. */
export const NEEDS_WIDE = /[^\0-\xff]/;
const NEEDS_WIDE_ALL = /[^\0-\xff]/g;

function unicodeEscape(unit: string): string {
  return `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Each key's values in row order, in one pass over the rows (189k grep matches: no array per key
 * built by a map of its own); undefined unless every row's own keys are `keys`, in that order.
 */
function columnsOf(rows: readonly JsonValue[], keys: readonly string[]): JsonValue[][] | undefined {
  const columns = keys.map(() => new Array<JsonValue>(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!isRecord(row)) return undefined;
    let i = 0;
    for (const key in row) {
      if (key !== keys[i] || !Object.hasOwn(row, key)) return undefined;
      columns[i++]![r] = row[key]!;
    }
    if (i !== keys.length) return undefined;
  }
  return columns;
}

/** The reply text of a table: the JSON head (one-byte: oneByteJson), then (when a column went there) a newline and the tail's lines. */
export function tableReply(head: string, tail: readonly string[][]): string {
  const json = oneByteJson(head);
  return tail.length === 0 ? json : `${json}\n${tail.map((lines) => lines.join('\n')).join('\n')}`;
}

function pack(values: JsonValue[], tail: string[][] | undefined): TableColumn {
  if (typeof values[0] !== 'string' || !values.every((v) => typeof v === 'string')) return values;
  const strings = values as string[];
  const packed = runs(strings) ?? dictionaryColumn(strings);
  if (packed) return packed;
  if (!tail || !strings.every(fitsTail)) return strings;
  tail.push(strings);
  return IN_TAIL;
}

/**
 * Whether a string can go as a tail line and arrive unchanged. JSON.stringify never writes a raw
 * newline, so the first one ends the head; a line holds none.
 */
function fitsTail(value: string): boolean {
  return !value.includes('\n') && tailPieceFits(value);
}

/**
 * Whether a piece of tail text (lines already joined by newlines) arrives unchanged: QuickJS takes
 * a string from the host as UTF-8 up to a NUL, so neither a NUL nor a lone surrogate may go raw
 * (JSON escapes both).
 */
export function tailPieceFits(piece: string): boolean {
  return !MAY_NOT_FIT.test(piece) || !NOT_IN_TAIL.test(piece);
}
/** A quick test (almost every line passes it) before the exact one. */
const MAY_NOT_FIT = /[\0\ud800-\udfff]/;
const NOT_IN_TAIL = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function runs(values: readonly string[]): TableColumn | undefined {
  const starts: string[] = [];
  const counts: number[] = [];
  for (let row = 0; row < values.length; row++) {
    const value = values[row]!;
    if (row > 0 && value === values[row - 1]) {
      counts[counts.length - 1]!++;
      continue;
    }
    // Mostly distinct values (grep's line texts) make no runs: give up early.
    if ((starts.length + 1) * ROWS_PER_RUN > Math.max(row + 1, DICT_PROBE_ROWS)) return undefined;
    starts.push(value);
    counts.push(1);
  }
  return starts.length * ROWS_PER_RUN <= values.length ? { runs: starts, counts } : undefined;
}

/**
 * A column as a dictionary: its distinct values and each row's index into them, -1 for a row
 * without the key (undefined). Undefined when the values are mostly distinct, unless `always`
 * (the symbols pack's kinds and containers, whose guest decoder reads only this form).
 */
export function dictionaryColumn(values: readonly (string | undefined)[], always: true): DictionaryColumn;
export function dictionaryColumn(values: readonly string[]): DictionaryColumn | undefined;
export function dictionaryColumn(values: readonly (string | undefined)[], always = false): DictionaryColumn | undefined {
  const index = new Map<string, number>();
  const idx = new Array<number>(values.length);
  for (let row = 0; row < values.length; row++) {
    const value = values[row];
    let i = value === undefined ? -1 : index.get(value);
    if (i === undefined) index.set(value!, (i = index.size));
    idx[row] = i;
    // Mostly distinct values (grep's line texts) would not shrink: stop hashing them early.
    if (!always && index.size * 2 > Math.max(row + 1, DICT_PROBE_ROWS)) return undefined;
  }
  return always || index.size * 2 <= values.length ? { dict: [...index.keys()], idx } : undefined;
}

function isRecord(value: JsonValue | undefined): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
