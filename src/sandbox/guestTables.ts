// Code that runs INSIDE the sandbox, like guestRuntime.ts (and turned into source the same way, so
// it references nothing outside its own body): the decoder of the reply tables the host sends for
// long arrays of same-shaped objects (sandbox/replyTable.ts).

export type GuestColumn =
  unknown[] | { dict: unknown[]; idx: number[] } | { runs: unknown[]; counts: number[] } | { tail: true; json?: number[] };
export interface GuestTable {
  n: number;
  keys: string[];
  cols: GuestColumn[];
}
/** The rows of a table; `tail`: the reply's tail lines, which its `{tail: true}` columns take in order. */
export type GuestTableDecoder = (table: GuestTable, tail: string[]) => unknown[];

/** Made when the runtime is installed, before model code runs: it keeps the real Array.isArray. */
export function guestTableDecoder(): GuestTableDecoder {
  const isArray = Array.isArray;
  const parse = JSON.parse;
  const GREP_KEYS = ['path', 'line', 'column', 'text'];
  const SYMBOL_KEYS = ['name', 'kind', 'startLine', 'endLine', 'container'];
  /** The table's keys are exactly these, in this order (a loop: no array method model code may have replaced). */
  function keysAre(keys: string[], names: string[]): boolean {
    if (keys.length !== names.length) return false;
    for (let k = 0; k < names.length; k++) if (keys[k] !== names[k]) return false;
    return true;
  }
  function fromTable(table: GuestTable, tail: string[]): unknown[] {
    const symbolList = symbolRows(table);
    if (symbolList) return symbolList;
    const matchList = grepRows(table, tail);
    if (matchList) return matchList;
    const { n, keys } = table;
    let inTail = 0;
    const cols = table.cols.map((col): unknown[] => {
      if (isArray(col)) return col;
      if ('tail' in col) {
        const from = inTail;
        inTail += n;
        const values = from === 0 && tail.length === n ? tail : tail.slice(from, inTail);
        // Rows sent escaped, as the inside of a JSON string (replyTable.ts escapedTailLine).
        if (col.json) for (const row of col.json) values[row] = parse(`"${values[row] as string}"`);
        return values;
      }
      if ('runs' in col) {
        const values = new Array<unknown>(n);
        for (let run = 0, row = 0; run < col.runs.length; run++) {
          const value = col.runs[run];
          for (const end = row + col.counts[run]!; row < end; row++) values[row] = value;
        }
        return values;
      }
      return col.idx.map((i) => (i < 0 ? undefined : col.dict[i])); // -1: the row has no such key
    });
    const rows = new Array<unknown>(n);
    if (keysAre(keys, GREP_KEYS)) {
      // grep's matches in another form (paths as a dictionary): an object literal gives every row its shape at once.
      const [paths, lines, columns, texts] = cols as [unknown[], unknown[], unknown[], unknown[]];
      for (let i = 0; i < n; i++) rows[i] = { path: paths[i], line: lines[i], column: columns[i], text: texts[i] };
      return rows;
    }
    for (let i = 0; i < n; i++) {
      const row: Record<string, unknown> = {};
      for (let k = 0; k < keys.length; k++) {
        const value = cols[k]![i];
        if (value !== undefined) row[keys[k]!] = value;
      }
      rows[i] = row;
    }
    return rows;
  }
  // grep's matches as grepReply.ts sends them: paths as runs (one per file), lines and columns,
  // texts as the tail. Read straight into object literals, run by run: no column of 189k paths is
  // built first, nor a copy of the tail.
  function grepRows({ n, keys, cols }: GuestTable, tail: string[]): unknown[] | undefined {
    const [paths, lines, columns, texts] = cols;
    if (
      !keysAre(keys, GREP_KEYS) ||
      isArray(paths) ||
      !('runs' in paths!) ||
      !isArray(lines) ||
      !isArray(columns) ||
      isArray(texts) ||
      !('tail' in texts!) ||
      tail.length !== n
    )
      return undefined;
    // Rows sent escaped, as the inside of a JSON string (replyTable.ts escapedTailLine).
    if (texts.json) for (const row of texts.json) tail[row] = parse(`"${tail[row]!}"`) as string;
    const { runs, counts } = paths;
    const rows = new Array<unknown>(n);
    for (let run = 0, i = 0; run < runs.length; run++) {
      const path = runs[run];
      for (const end = i + counts[run]!; i < end; i++) rows[i] = { path, line: lines[i], column: columns[i], text: tail[i] };
    }
    return rows;
  }
  // symbols() as the symbols pack keeps it: names, kinds (a dictionary), lines, containers (a
  // dictionary, -1 for none). Read straight into object literals: no column is rebuilt first,
  // which is most of the cost in QuickJS's interpreter; a top-level definition gets no container key.
  function symbolRows({ n, keys, cols }: GuestTable): unknown[] | undefined {
    const [names, kinds, starts, ends, containers] = cols;
    if (
      !keysAre(keys, SYMBOL_KEYS) ||
      !isArray(names) ||
      !isArray(starts) ||
      !isArray(ends) ||
      isArray(kinds) ||
      !('dict' in kinds!) ||
      isArray(containers) ||
      !('dict' in containers!)
    )
      return undefined;
    const { dict: kindNames, idx: kindAt } = kinds;
    const { dict: containerNames, idx: containerAt } = containers;
    const rows = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const c = containerAt[i]!;
      rows[i] =
        c < 0
          ? { name: names[i], kind: kindNames[kindAt[i]!], startLine: starts[i], endLine: ends[i] }
          : { name: names[i], kind: kindNames[kindAt[i]!], startLine: starts[i], endLine: ends[i], container: containerNames[c] };
    }
    return rows;
  }
  return fromTable;
}
