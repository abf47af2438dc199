// The host side of guest calls: decodes a JSON request, runs the host function and encodes
// the reply. Engine-independent, so every sandbox engine answers calls the same way.
import { toTable } from './replyTable.js';
import type { CallScope, HostFunction, JsonValue } from './sandbox.js';

export class HostBridge {
  private readonly byName: Map<string, HostFunction>;

  constructor(functions: readonly HostFunction[]) {
    this.byName = new Map(functions.map((f) => [f.name, f]));
  }

  get functions(): Array<{ name: string; async: boolean }> {
    return [...this.byName.values()].map(({ name, async }) => ({ name, async }));
  }

  /** Never throws: failures become `{ok: false, error}` replies the guest rethrows. */
  async handle(request: unknown, scope: CallScope): Promise<string> {
    try {
      if (scope.signal.aborted) return CELL_ENDED_REPLY;
      if (typeof request !== 'string') throw new Error('malformed request');
      const decoded = parseGuestJson(request);
      if (!Array.isArray(decoded) || typeof decoded[0] !== 'string' || !Array.isArray(decoded[1])) {
        throw new Error('malformed request');
      }
      const [name, args] = decoded as [string, JsonValue[]];
      const fn = this.byName.get(name);
      if (!fn) throw new Error(`unknown function ${name}`);
      const value = await untilAborted(fn.call(args, scope), scope.signal);
      return value === STOPPED ? reply({ ok: false, error: hostCallCancelled(name) }) : reply({ ok: true, value: value ?? null });
    } catch (e) {
      return reply({ ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  }
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

function reply(r: { ok: boolean; value?: JsonValue; error?: string }): string {
  try {
    const table = r.ok && r.value !== undefined ? toTable(r.value) : undefined;
    return JSON.stringify(table ? { ok: true, table } : r);
  } catch (e) {
    return JSON.stringify({ ok: false, error: `result could not be encoded: ${(e as Error).message}` });
  }
}

/** JSON.parse that drops keys able to reach prototypes once the value is spread or assigned. */
export function parseGuestJson(text: string): JsonValue {
  return JSON.parse(text, (key, value: JsonValue) =>
    key === '__proto__' || key === 'constructor' || key === 'prototype' ? undefined : value,
  ) as JsonValue;
}
