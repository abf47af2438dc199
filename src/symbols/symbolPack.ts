// The symbols pack on disk, read lazily: one header line of JSON (the file index and where each
// result sits in the body, as arrays of rows: objects keyed by path and by content key were slower
// to parse), then the body. A result is stored as the text symbols() hands to the sandbox —
// columns (a reply table, replyTable.ts), which the guest rebuilds into objects faster than it
// parses them as JSON objects — so a warm run passes it on without decoding it; the slice starts
// that only slice() and outline() need sit beside it. Reading a pack parses the header alone; the
// body is checked against its hash and decoded once, when a result is first asked for, and each
// result is a slice of that text (positions count UTF-16 code units): one decode of the whole body
// costs far less than decoding 3,580 pieces of it.
import { createHash } from 'node:crypto';
import { dictionaryColumn, type ReplyTable } from '../sandbox/replyTable.js';
import { JsonText } from '../sandbox/sandbox.js';
import type { ExtractedSymbol, SymbolInfo } from './types.js';

/** Bump when the layout changes: a pack of another format is ignored (and rewritten). */
export const SYMBOLS_PACK_FORMAT = 5;

/** A file as last seen and the content key of what it held then. */
export type FileEntry = [size: number, mtimeMs: number, key: string, language: string];

/**
 * One result as stored: `info` is JSON of the SymbolInfo[] as a reply table (or, for symbols of
 * another shape, as an array); `starts` JSON of each sliceStartLine, or '' when each is its startLine.
 */
export interface StoredSymbols {
  info: string;
  starts: string;
  lines: number;
  warning?: string;
}

/** Where a result's texts sit in the body's text, in UTF-16 code units. */
type ResultEntry = [offset: number, infoLength: number, startsLength: number, lines: number, warning?: string];

interface Header {
  format: number;
  files: Array<[path: string, ...FileEntry]>;
  results: Array<[key: string, ...ResultEntry]>;
  bodyBytes: number;
  bodySha256: string;
}

const NEWLINE = 0x0a;

export class SymbolPack {
  /** The body as text once checked and decoded; null when it is not what was written. */
  private text?: string | null;

  private constructor(
    readonly files: ReadonlyMap<string, FileEntry>,
    private readonly results: ReadonlyMap<string, ResultEntry>,
    private readonly body: Buffer,
    private readonly bodySha256: string,
  ) {}

  /** The pack in `bytes`, or undefined when they hold another format or a damaged header. */
  static read(bytes: Buffer): SymbolPack | undefined {
    const end = bytes.indexOf(NEWLINE);
    if (end < 0) return undefined;
    let header: Header;
    try {
      header = JSON.parse(bytes.toString('utf8', 0, end)) as Header;
    } catch {
      return undefined;
    }
    if (header?.format !== SYMBOLS_PACK_FORMAT || !Array.isArray(header.files) || !Array.isArray(header.results)) return undefined;
    const body = bytes.subarray(end + 1);
    if (header.bodyBytes !== body.length || typeof header.bodySha256 !== 'string') return undefined;
    return new SymbolPack(keyedBy(header.files), keyedBy(header.results), body, header.bodySha256);
  }

  /** Checks and decodes the body now (a new process does it while its sandbox starts), not at the first result asked for. */
  prepare(): void {
    this.bodyText();
  }

  has(key: string): boolean {
    return this.results.has(key);
  }

  /** A stored result, or undefined when absent or when the body is not what was written. */
  get(key: string): StoredSymbols | undefined {
    const entry = this.results.get(key);
    const text = entry && this.bodyText();
    if (!entry || !text) return undefined;
    const [offset, infoLength, startsLength, lines, warning] = entry;
    if (!(offset >= 0 && infoLength > 0 && startsLength >= 0 && offset + infoLength + startsLength <= text.length)) return undefined;
    const info = text.slice(offset, offset + infoLength);
    const starts = text.slice(offset + infoLength, offset + infoLength + startsLength);
    return { info, starts, lines, ...(warning ? { warning } : {}) };
  }

  /** The body's text, checked against its hash once: a result is handed on without decoding, so it must be the text written. */
  private bodyText(): string | null {
    this.text ??= createHash('sha256').update(this.body).digest('hex') === this.bodySha256 ? this.body.toString('utf8') : null;
    return this.text;
  }
}

/** A header's rows by their first field (a Map: a file named __proto__ stays an entry); rows of another shape are left out. */
function keyedBy<T extends unknown[]>(rows: ReadonlyArray<[string, ...T]>): Map<string, T> {
  const map = new Map<string, T>();
  for (const row of rows) if (Array.isArray(row) && typeof row[0] === 'string') map.set(row[0], row.slice(1) as T);
  return map;
}

/** The bytes of a pack holding these files and results. */
export function encodePack(files: ReadonlyMap<string, FileEntry>, rows: ReadonlyMap<string, StoredSymbols>): Buffer {
  const pieces: string[] = [];
  const results: Header['results'] = [];
  let offset = 0;
  for (const [key, { info, starts, lines, warning }] of rows) {
    results.push(warning ? [key, offset, info.length, starts.length, lines, warning] : [key, offset, info.length, starts.length, lines]);
    pieces.push(info, starts);
    offset += info.length + starts.length;
  }
  const body = Buffer.from(pieces.join(''));
  const header: Header = {
    format: SYMBOLS_PACK_FORMAT,
    files: [...files].map(([path, entry]) => [path, ...entry]),
    results,
    bodyBytes: body.length,
    bodySha256: createHash('sha256').update(body).digest('hex'),
  };
  return Buffer.concat([Buffer.from(JSON.stringify(header)), Buffer.from([NEWLINE]), body]);
}

/** The stored form of a parse's symbols. */
export function storeSymbols(symbols: readonly ExtractedSymbol[], lines: number, warning?: string): StoredSymbols {
  const infos = symbols.map(({ sliceStartLine: _start, ...symbol }): SymbolInfo => symbol);
  const info = (infos.length > 0 && symbolTable(infos)) || JSON.stringify(infos);
  const starts = symbols.every((s) => s.sliceStartLine === s.startLine) ? '' : JSON.stringify(symbols.map((s) => s.sliceStartLine));
  return { info, starts, lines, ...(warning ? { warning } : {}) };
}

/** A stored result as symbols() hands it to the sandbox. */
export function symbolListText(stored: StoredSymbols): JsonText<SymbolInfo[]> {
  return new JsonText<SymbolInfo[]>(stored.info, stored.info.startsWith('{'));
}

/** The symbols of a stored result as objects (slice and outline need them; symbols() does not). */
export function loadSymbols(stored: StoredSymbols): ExtractedSymbol[] {
  const infos = symbolListText(stored).value();
  const starts = stored.starts ? (JSON.parse(stored.starts) as number[]) : undefined;
  return infos.map((symbol, i) => ({ ...symbol, sliceStartLine: starts?.[i] ?? symbol.startLine }));
}

const SYMBOL_KEYS = ['name', 'kind', 'startLine', 'endLine', 'container'];

/**
 * The symbols as a reply table: names, kinds (a dictionary), start and end lines, containers (a
 * dictionary; -1 where a symbol has none, so its object has no such key). Undefined when a symbol
 * has other keys or another key order, which the table could not give back.
 */
function symbolTable(infos: readonly SymbolInfo[]): string | undefined {
  const names: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const kinds: string[] = [];
  const containers: (string | undefined)[] = [];
  for (const symbol of infos) {
    const keys = Object.keys(symbol);
    if (!keys.every((key, i) => key === SYMBOL_KEYS[i]) || keys.length < 4) return undefined;
    const { name, kind, startLine, endLine, container } = symbol;
    if (typeof name !== 'string' || typeof kind !== 'string' || typeof startLine !== 'number' || typeof endLine !== 'number')
      return undefined;
    if (keys.length === 5 && typeof container !== 'string') return undefined;
    names.push(name);
    kinds.push(kind);
    starts.push(startLine);
    ends.push(endLine);
    containers.push(container);
  }
  const table: ReplyTable = {
    n: infos.length,
    keys: SYMBOL_KEYS,
    cols: [names, dictionaryColumn(kinds, true), starts, ends, dictionaryColumn(containers, true)],
  };
  return JSON.stringify(table);
}
