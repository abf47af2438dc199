// The host side of guest calls: decodes a JSON request, runs the host function and encodes
// the reply. Engine-independent, so every sandbox engine answers calls the same way.
import { tableReply, toTable, type TableForm } from './replyTable.js';
import { JsonText, TableValue, type CallScope, type HostFunction, type HostValue, type JsonValue } from './sandbox.js';

/** Most paths one read-ahead call may carry besides its own (the guest grows its span up to this). */
export const MAX_READ_AHEAD = 256;

type Reply = { ok: boolean; value?: HostValue; error?: string };

export class HostBridge {
  private readonly byName: Map<string, HostFunction>;

  constructor(functions: readonly HostFunction[]) {
    this.byName = new Map(functions.map((f) => [f.name, f]));
  }

  get functions(): Array<{ name: string; async: boolean; readAhead?: boolean }> {
    return [...this.byName.values()].map(({ name, async, readAhead }) => ({ name, async, ...(readAhead ? { readAhead } : {}) }));
  }

  /**
   * Never throws: failures become `{ok: false, error}` replies the guest rethrows. A read-ahead
   * request `[name, args, more]` runs the function for `args` and each of `more` at once and
   * answers with all their replies in one text (readAheadReply), each with the notices of its own call.
   */
  async handle(request: unknown, scope: CallScope): Promise<string> {
    try {
      if (scope.signal.aborted) return CELL_ENDED_REPLY;
      if (typeof request !== 'string') throw new Error('malformed request');
      const decoded = parseGuestJson(request);
      if (!Array.isArray(decoded) || typeof decoded[0] !== 'string' || !Array.isArray(decoded[1])) {
        throw new Error('malformed request');
      }
      const [name, args, more] = decoded as [string, JsonValue[], JsonValue?];
      const fn = this.byName.get(name);
      if (!fn) throw new Error(`unknown function ${name}`);
      if (more !== undefined) return await this.readAhead(fn, [args, ...aheadArgs(fn, more)], scope);
      const value = await untilAborted(fn.call(args, scope), scope.signal);
      return value === STOPPED ? reply({ ok: false, error: hostCallCancelled(name) }) : reply({ ok: true, value: value ?? null });
    } catch (e) {
      return reply({ ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  }

  /**
   * Whether `request` is a read-ahead request (`[name, args, more]` of a readAhead function): only
   * such a request may be answered before the guest makes it, since each of its calls' notices
   * travel in its reply and none is printed until the guest asks.
   */
  readsAhead(request: string): boolean {
    try {
      const decoded = JSON.parse(request) as unknown; // only looked at here; handle() decodes it with care
      if (!Array.isArray(decoded) || decoded.length !== 3 || typeof decoded[0] !== 'string') return false;
      const fn = this.byName.get(decoded[0]);
      return !!fn && takesReadAhead(fn) && Array.isArray(decoded[2]) && decoded[2].length > 0;
    } catch {
      return false;
    }
  }

  private async readAhead(fn: HostFunction, calls: JsonValue[][], scope: CallScope): Promise<string> {
    // Each call's reply; one whose value is at hand (a warm symbols()) without a promise of its own.
    const each = calls.map((args): string | Promise<string> => {
      const notes: string[] = [];
      const answered = (value: HostValue) => reply({ ok: true, value: value ?? null }, notes);
      const failed = (e: unknown) => reply({ ok: false, error: e instanceof Error ? e.message : String(e) }, notes);
      try {
        const value = fn.call(args, { signal: scope.signal, notice: (text) => notes.push(text) });
        return value instanceof Promise ? value.then(answered, failed) : answered(value);
      } catch (e) {
        return failed(e);
      }
    });
    const replies = each.every((r) => typeof r === 'string') ? (each as string[]) : Promise.all(each);
    const batch = await untilAborted(replies, scope.signal);
    return batch === STOPPED ? reply({ ok: false, error: hostCallCancelled(fn.name) }) : readAheadReply(batch);
  }
}

/** The further calls of a read-ahead request, checked: only a readAhead function takes them, one path each. */
function aheadArgs(fn: HostFunction, more: JsonValue): JsonValue[][] {
  if (!takesReadAhead(fn)) throw new Error(`${fn.name}() takes no read-ahead`);
  if (!Array.isArray(more) || more.length > MAX_READ_AHEAD) throw new Error('malformed request');
  return more.map((args) => {
    if (!Array.isArray(args) || args.length !== 1 || typeof args[0] !== 'string') throw new Error('malformed request');
    return args;
  });
}

/** Whether a function answers read-ahead requests: a blocking one marked readAhead. */
function takesReadAhead(fn: HostFunction): boolean {
  return !!fn.readAhead && !fn.async;
}

/** The reply to a call made after its cell ended or was stopped. */
export const CELL_ENDED_REPLY = JSON.stringify({ ok: false, error: 'Cancelled: this cell has already ended.' });

/** What a host call returns to the guest when its cell is stopped while it runs. */
export function hostCallCancelled(name: string): string {
  return `Cancelled: the cell was stopped while ${name}() was running.`;
}

/** The host function named by a hostCallCancelled message inside an error text, if any. */
export function cancelledCallIn(error: string): string | undefined {
  return /Cancelled: the cell was stopped while ([\w$]+)\(\) was running/.exec(error)?.[1];
}

const STOPPED = Symbol('stopped');

/**
 * The call's result, or STOPPED as soon as the cell ends: a stopped cell never waits for host
 * work, which sees the same signal and stops on its own. No error is built for it: a bomb's
 * 10,000 stopped calls would each pay for a stack trace.
 */
function untilAborted<T>(value: T | Promise<T>, signal: AbortSignal): Promise<T | typeof STOPPED> {
  if (!(value instanceof Promise)) return Promise.resolve(value);
  return new Promise<T | typeof STOPPED>((resolve, reject) => {
    const onAbort = () => resolve(STOPPED);
    signal.addEventListener('abort', onAbort, { once: true });
    value.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The replies of a read-ahead in one text: a JSON head `{"ok":true,"ahead":[length, …]}`, a
 * newline, then each reply's text as it is, one after another. The guest cuts each out when its
 * call comes and parses only that one: no reply is parsed before it is asked for, and what one
 * call's rows leave behind is garbage before the next (one JSON array of 256 files' symbols,
 * parsed at once, stayed alive through every scavenge while the loop used it).
 */
export function readAheadReply(replies: readonly string[]): string {
  return `{"ok":true,"ahead":[${replies.map((r) => r.length).join(',')}]}\n${replies.join('')}`;
}

/**
 * The reply text: long arrays of same-shaped objects go as columns (replyTable.ts), their
 * distinct strings as a raw tail after the JSON; text already encoded goes as it is; `notes` ride
 * along in a read-ahead.
 */
function reply(r: Reply, notes: readonly string[] = []): string {
  if (r.value instanceof JsonText)
    return `{"ok":true,"${r.value.table ? 'table' : 'value'}":${r.value.text}${notes.length ? `,"notes":${JSON.stringify(notes)}` : ''}}`;
  const withNotes = <T extends object>(body: T) => (notes.length ? { ...body, notes } : body);
  try {
    const form = tableFormOf(r.value, r.ok);
    if (!form) return JSON.stringify(withNotes(r));
    return tableReply(JSON.stringify(withNotes({ ok: true, table: form.table })), form.tail);
  } catch (e) {
    return JSON.stringify(withNotes({ ok: false, error: `result could not be encoded: ${(e as Error).message}` }));
  }
}

/** The reply's value as a table, if it makes one: a TableValue is one already. */
function tableFormOf(value: JsonValue | TableValue<unknown> | undefined, ok: boolean): TableForm | undefined {
  if (value instanceof TableValue) return value.form;
  return ok && value !== undefined ? toTable(value, true) : undefined;
}

/** JSON.parse that drops keys able to reach prototypes once the value is spread or assigned. */
export function parseGuestJson(text: string): JsonValue {
  return JSON.parse(text, (key, value: JsonValue) =>
    key === '__proto__' || key === 'constructor' || key === 'prototype' ? undefined : value,
  ) as JsonValue;
}
