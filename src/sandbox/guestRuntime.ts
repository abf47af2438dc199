// Code that runs INSIDE the sandbox, installed once per context. It is turned into source
// with Function.prototype.toString, so it must not reference anything outside its own body.
// Only strings cross the boundary: requests and replies are JSON text, never host objects.
import { guestTableDecoder, type GuestTable, type GuestTableDecoder } from './guestTables.js';

/** The few host channels the guest gets; the engine builds them from its own primitives. */
export interface GuestHost {
  /** Appends printed text (already cut to the output limit) of the given original length. */
  write(text: string, fullLength: number): void;
  /** Records the FINAL answer: JSON text of `{text, value}`. */
  final(json: string): void;
  /**
   * Calls a blocking host function: JSON `[name, args]` in, JSON reply out. `next`: the read-ahead
   * request the code will most likely make after this one, which an engine may answer meanwhile.
   */
  callSync(request: string, next?: string): string;
  /** Calls an async host function; resolves to the JSON reply. */
  callAsync(request: string): Promise<string>;
}

export interface GuestConfig {
  functions: Array<{ name: string; async: boolean; readAhead?: boolean }>;
  globals: Record<string, unknown>;
  maxOutputChars: number;
  maxFinalChars: number;
  /** Name of the (non-writable) global through which the engine runs a cell. */
  cellEntry: string;
}

/**
 * The source that installs the runtime in a sandbox: `host` is the source of an expression giving
 * the GuestHost; the table decoder (guestTables.ts) is made beside it, before any cell runs.
 */
export function guestRuntimeSource(host: string, config: GuestConfig): string {
  return `(${installGuestRuntime.toString()})(${host}, ${JSON.stringify(config)}, (${guestTableDecoder.toString()})())`;
}

/** Installs the REPL globals. Returns nothing; everything else it needs lives in this closure. */
function installGuestRuntime(host: GuestHost, config: GuestConfig, fromTable: GuestTableDecoder): void {
  const g = globalThis as unknown as Record<string, unknown>;
  // Capture intrinsics now: model code may overwrite them later, and then only hurts itself.
  const { stringify, parse } = JSON;
  const defineProperty = Object.defineProperty;
  const freeze = Object.freeze;
  const isArray = Array.isArray;
  const StringCtor = String;
  const ErrorCtor = Error;
  const RegExpCtor = RegExp;
  const ownKeys = Object.keys;
  const getPrototypeOf = Object.getPrototypeOf;
  const objectProto = Object.prototype;
  const PromiseCtor = Promise;
  const MapCtor = Map;
  const NOT_AWAITED = '[object Promise]';

  // No way to allocate memory outside the heap limit, nothing to time or schedule with.
  for (const name of ['WebAssembly', 'SharedArrayBuffer', 'Atomics']) delete g[name];

  function define(name: string, value: unknown): void {
    defineProperty(g, name, { value, writable: false, enumerable: false, configurable: false });
  }

  // ---- formatting values for print and previews ----------------------------------------
  function formatValue(value: unknown, budget: number): string {
    const seen: unknown[] = [];
    let used = 0;
    function quote(s: string): string {
      return stringify(s);
    }
    function fmt(v: unknown, depth: number, indent: string): string {
      if (used > budget) return '…';
      if (v === null) return 'null';
      switch (typeof v) {
        case 'undefined':
          return 'undefined';
        case 'string':
          return depth === 0 ? v : quote(v);
        case 'number':
        case 'boolean':
          return StringCtor(v);
        case 'bigint':
          return StringCtor(v) + 'n';
        case 'symbol':
          return (v as symbol).toString();
        case 'function':
          return `[Function ${(v as { name?: string }).name || '(anonymous)'}]`;
      }
      const obj = v as object;
      if (seen.indexOf(obj) >= 0) return '[Circular]';
      if (obj instanceof PromiseCtor) return 'Promise { <pending> } (not awaited: is an `await` missing?)';
      if (obj instanceof ErrorCtor) return `${obj.name}: ${obj.message}`;
      if (obj instanceof RegExpCtor) return StringCtor(obj);
      if (obj instanceof Date) return isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
      if (depth > 4) return isArray(obj) ? '[Array]' : '[Object]';
      seen.push(obj);
      const inner = indent + '  ';
      let parts: string[] = [];
      let open = '{';
      let close = '}';
      let more = 0;
      if (isArray(obj)) {
        open = '[';
        close = ']';
        const shown = Math.min(obj.length, 100);
        for (let i = 0; i < shown && used <= budget; i++) parts.push(fmt(obj[i], depth + 1, inner));
        more = obj.length - parts.length;
      } else if (obj instanceof Map) {
        open = `Map(${obj.size}) {`;
        for (const [k, val] of obj) {
          if (parts.length >= 100 || used > budget) break;
          parts.push(`${fmt(k, depth + 1, inner)} => ${fmt(val, depth + 1, inner)}`);
        }
        more = obj.size - parts.length;
      } else if (obj instanceof Set) {
        open = `Set(${obj.size}) {`;
        for (const val of obj) {
          if (parts.length >= 100 || used > budget) break;
          parts.push(fmt(val, depth + 1, inner));
        }
        more = obj.size - parts.length;
      } else {
        const proto = getPrototypeOf(obj);
        const ctorName = proto && proto !== objectProto ? (proto.constructor as { name?: string })?.name : '';
        if (ctorName) open = `${ctorName} {`;
        const keys = ownKeys(obj);
        for (const key of keys) {
          if (parts.length >= 100 || used > budget) break;
          const label = /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key);
          parts.push(`${label}: ${fmt((obj as Record<string, unknown>)[key], depth + 1, inner)}`);
        }
        more = keys.length - parts.length;
      }
      seen.pop();
      if (more > 0) parts = parts.concat(`… ${more} more`);
      if (parts.length === 0) return open === '[' ? '[]' : `${open}}`;
      const flat = `${open}${open === '[' ? '' : ' '}${parts.join(', ')}${close === ']' ? '' : ' '}${close}`;
      const text = flat.length <= 100 && flat.indexOf('\n') < 0 ? flat : `${open}\n${inner}${parts.join(`,\n${inner}`)}\n${indent}${close}`;
      used += text.length;
      return text;
    }
    return fmt(value, 0, '');
  }

  function print(...values: unknown[]): void {
    // Pieces past the limit are only counted, never joined: a huge string is not copied.
    const max = config.maxOutputChars;
    let text = '';
    let full = 0;
    for (let i = 0; i < values.length; i++) {
      const piece = formatValue(values[i], max);
      const separator = i > 0 ? 1 : 0;
      full += separator + piece.length;
      if (text.length > max) continue;
      if (separator) text += ' ';
      text += piece.length > max ? piece.slice(0, max) : piece;
    }
    if (text.indexOf(NOT_AWAITED) >= 0) text += ' [a Promise was turned into text: is an `await` missing before llm()/rlm()?]';
    full += 1;
    text += '\n';
    host.write(text.length > max ? text.slice(0, max) : text, full);
  }

  // ---- host calls ----------------------------------------------------------------------
  function encode(name: string, args: unknown[], readAhead?: string[]): string {
    try {
      return stringify(readAhead ? [name, args, readAhead.map((path) => [path])] : [name, args], (_key, v: unknown) =>
        v instanceof RegExpCtor ? { $regexp: v.source, flags: v.flags } : v === undefined ? null : v,
      );
    } catch (e) {
      throw new ErrorCtor(`${name}(): arguments must be plain data (strings, numbers, arrays, objects): ${(e as Error).message}`);
    }
  }
  type Reply = { ok: boolean; value?: unknown; error?: string; table?: GuestTable; notes?: string[]; ahead?: number[] };
  // A reply is JSON, or (a table with a column of distinct strings) its JSON head, a newline and
  // those strings one per line (sandbox/replyTable.ts): JSON never holds a raw newline.
  function decode(reply: string): unknown {
    const cut = reply.indexOf('\n');
    if (cut < 0) return unpack(noted(parse(reply) as Reply));
    return unpack(noted(parse(reply.slice(0, cut)) as Reply), reply.slice(cut + 1).split('\n'));
  }
  /** Prints the notices a read-ahead reply carries, where the code asked for it. */
  function noted(r: Reply): Reply {
    const notes = r.notes;
    if (notes) for (let i = 0; i < notes.length; i++) host.write(`${notes[i]}\n`, notes[i]!.length + 1);
    return r;
  }
  function unpack(r: Reply, tail?: string[]): unknown {
    if (!r.ok) throw new ErrorCtor(r.error);
    return r.table ? fromTable(r.table, tail ?? []) : r.value;
  }
  // Async calls still running, per cell. A call outlives its cell only as a promise that never
  // settles: its callbacks never run, so it cannot print into, or throw into, a later cell.
  let running = { count: 0, ended: false, told: false };
  function callAsync(request: string): Promise<unknown> {
    const cell = running;
    cell.count++;
    return new PromiseCtor((resolve, reject) => {
      host.callAsync(request).then(
        (reply) => {
          cell.count--;
          if (cell.ended) return;
          try {
            resolve(decode(reply));
          } catch (e) {
            reject(e);
          }
        },
        (e: unknown) => {
          cell.count--;
          if (!cell.ended) reject(e);
        },
      );
    });
  }
  // Read-ahead (hostBridge.ts): a blocking call per file of a listing costs a round trip each
  // (1,790 symbols() calls took ~0.4 s of crossings). When code asks a readAhead function for a
  // path of the last listing a call returned, the next paths go in the same call, more each time
  // the loop keeps going; their results wait here until asked for, within this cell only, and
  // their notices are printed then, where the code asked.
  const FIRST_SPAN = 4;
  const MAX_SPAN = 256;
  /** Each span after the first: 4, 16, 64, 256 reaches the largest in 4 crossings (doubling took 7). */
  const GROWTH = 4;
  let listing: string[] = [];
  let positions: Map<string, number> | undefined;
  /** Replies read ahead, as their text: each is parsed only when its call comes. */
  let ahead = new MapCtor<string, string>();
  let nextAt = -1;
  let span = FIRST_SPAN;
  function remember(value: unknown): unknown {
    if (!isArray(value) || value.length < 2 || typeof value[0] !== 'string') return value;
    const paths: string[] = [];
    for (let i = 0; i < value.length; i++) {
      if (typeof value[i] !== 'string') return value;
      paths[i] = value[i] as string;
    }
    listing = paths;
    positions = undefined;
    return value;
  }
  function callReadingAhead(name: string, args: unknown[]): unknown {
    const path = args[0];
    if (args.length !== 1 || typeof path !== 'string') return decode(host.callSync(encode(name, args)));
    const key = `${name}\0${path}`;
    const waiting = ahead.get(key);
    if (waiting !== undefined) {
      ahead.delete(key);
      return decode(waiting);
    }
    if (!positions) {
      positions = new MapCtor();
      for (let i = listing.length - 1; i >= 0; i--) positions.set(listing[i]!, i);
    }
    const at = positions.get(path);
    if (at === undefined) return decode(host.callSync(encode(name, args)));
    span = at !== nextAt ? FIRST_SPAN : grown(span);
    const { more, end } = pathsAfter(name, path, at, span);
    nextAt = end;
    if (more.length === 0) return decode(host.callSync(encode(name, args)));
    // All the replies in one text (hostBridge.ts readAheadReply): their lengths, then each one's text.
    const text = host.callSync(encode(name, args, more), nextRequest(name, end));
    const cut = text.indexOf('\n');
    if (cut < 0) return decode(text); // the whole call failed
    const lengths = (parse(text.slice(0, cut)) as Reply).ahead!;
    let from = cut + 1;
    const first = text.slice(from, (from += lengths[0]!));
    for (let k = 0; k < more.length; k++) ahead.set(`${name}\0${more[k]}`, text.slice(from, (from += lengths[k + 1]!)));
    return decode(first);
  }
  // The request a loop in listing order makes once it has used what this one reads ahead: for the
  // path at `from`, with the next span read ahead (built as callReadingAhead will build it then).
  // The engine may answer it meanwhile (isolated-vm's send-ahead); a loop that goes elsewhere only
  // leaves that answer unused.
  function nextRequest(name: string, from: number): string | undefined {
    const path = listing[from];
    if (path === undefined || positions!.get(path) !== from) return undefined;
    const { more } = pathsAfter(name, path, from, grown(span));
    return more.length ? encode(name, [path], more) : undefined;
  }
  /** The span after `current` when the loop goes on. */
  function grown(current: number): number {
    return current * GROWTH > MAX_SPAN ? MAX_SPAN : current * GROWTH;
  }
  /** Up to `count` paths of the listing after position `at` (not `path` again, nor one already read ahead), and where they end. */
  function pathsAfter(name: string, path: string, at: number, count: number): { more: string[]; end: number } {
    const more: string[] = [];
    let i = at + 1;
    for (; i < listing.length && more.length < count; i++)
      if (listing[i] !== path && !ahead.has(`${name}\0${listing[i]}`)) more.push(listing[i]!);
    return { more, end: i };
  }

  for (const fn of config.functions) {
    const name = fn.name;
    const wrapper = fn.async
      ? (...args: unknown[]) => callAsync(encode(name, args))
      : fn.readAhead
        ? (...args: unknown[]) => callReadingAhead(name, args)
        : (...args: unknown[]) => remember(decode(host.callSync(encode(name, args))));
    defineProperty(wrapper, 'name', { value: name });
    define(name, wrapper);
  }

  // ---- FINAL ---------------------------------------------------------------------------
  const AWAIT_IT = 'a sub-call result was used before it finished. await it: FINAL(await llm(...)), or `const a = await llm(...)` first.';
  /** The missing await, already explained by FINAL's error: no second notice for the same calls. */
  function refuse(message: string): Error {
    running.told = true;
    return new ErrorCtor(message);
  }
  function FINAL(answer: unknown): void {
    if (answer === undefined) throw new ErrorCtor('FINAL needs an answer: FINAL("text") or FINAL(someObject).');
    if (answer instanceof PromiseCtor) throw refuse(`FINAL got a Promise, not an answer: ${AWAIT_IT}`);
    let text: string;
    let value: unknown;
    if (typeof answer === 'string') {
      text = answer;
      value = answer;
    } else {
      const json = stringify(
        answer,
        (_key, v: unknown) => {
          if (v instanceof PromiseCtor) throw refuse(`FINAL got an object holding a Promise: ${AWAIT_IT}`);
          return v;
        },
        2,
      );
      if (json === undefined) throw new ErrorCtor(`FINAL cannot encode a ${typeof answer}; pass a string or plain data.`);
      text = json;
      value = parse(json);
    }
    if (text.indexOf(NOT_AWAITED) >= 0) throw refuse(`FINAL's answer contains "${NOT_AWAITED}": ${AWAIT_IT}`);
    if (text.length > config.maxFinalChars) {
      throw new ErrorCtor(`The FINAL answer is ${text.length} characters, over the ${config.maxFinalChars} limit; give a shorter answer.`);
    }
    host.final(stringify({ text, value }));
  }
  function FINAL_VAR(name: unknown): void {
    if (typeof name !== 'string') throw new ErrorCtor('FINAL_VAR takes the variable name as a string, e.g. FINAL_VAR("answer").');
    if (!(name in g)) throw new ErrorCtor(`FINAL_VAR: no global variable named "${name}"; define it first or call FINAL(value).`);
    FINAL(g[name]);
  }

  // ---- globals -------------------------------------------------------------------------
  for (const key of ownKeys(config.globals)) define(key, freeze(config.globals[key]));
  define('print', print);
  define('console', freeze({ log: print, info: print, warn: print, error: print, debug: print }));
  define('FINAL', FINAL);
  define('FINAL_VAR', FINAL_VAR);

  // The engine runs every cell through this entry: it turns the outcome into JSON text so
  // no guest object (or getter on one) is ever touched by the host.
  // `at` is where the cell's own code threw (not a built-in it called), for the engine.
  function describeError(e: unknown): { error: string; at?: { line: number; column: number } } {
    if (!(e instanceof ErrorCtor)) return { error: `Uncaught ${formatValue(e, 2000)}` };
    const stack = StringCtor(e.stack);
    const frame = /cell\.js:(\d+)/.exec(stack);
    const error = `${e.name}: ${e.message}${frame ? ` (line ${frame[1]})` : ''}`;
    const top = /cell\.js:(\d+):(\d+)/.exec(/^\s*at (.*)$/m.exec(stack)?.[1] ?? '');
    return top ? { error, at: { line: +top[1]!, column: +top[2]! } } : { error };
  }
  function endCell(cell: { count: number; ended: boolean; told: boolean }): void {
    cell.ended = true;
    if (cell.count === 0 || cell.told) return;
    const calls = cell.count === 1 ? '1 sub-call (llm/rlm) it started was' : `${cell.count} sub-calls (llm/rlm) it started were`;
    print(
      `[the cell ended while ${calls} still running, not awaited (forEach(async …)? a missing await?). The cell did not wait for them, ` +
        'so they are dropped: code after their await never runs and their results are lost. Use `await Promise.all(items.map(async (x) => …))`.]',
    );
  }
  define(config.cellEntry, (body: () => Promise<unknown>, wantsValue: boolean): Promise<string> => {
    const cell = (running = { count: 0, ended: false, told: false });
    ahead = new MapCtor(); // what an earlier cell read ahead may have changed since
    return body().then(
      (v) => {
        endCell(cell);
        return stringify({ ok: true, value: wantsValue && v !== undefined ? formatValue(v, 2000) : undefined });
      },
      (e: unknown) => {
        endCell(cell);
        return stringify({ ok: false, ...describeError(e) });
      },
    );
  });
}
