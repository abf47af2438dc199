// The messages between the quickjs sandbox (main thread) and its worker. Guest code runs in
// the worker, so a runaway cell never blocks the extension host; host functions run on the
// main thread. Only strings and numbers cross, as with the isolated-vm engine.
import type { MessagePort } from 'node:worker_threads';
import type { CellMessage } from '../cellProtocol.js';
import type { GuestConfig } from '../guestRuntime.js';

/** Slots of the shared Int32Array both threads see. */
export const Control = {
  /** Non-zero: stop the running cell (time limit or cancel). Polled by the interrupt handler. */
  Stop: 0,
  /** Bumped by the main thread after it posts a blocking call's reply on the sync port. */
  SyncReplies: 1,
} as const;
export const CONTROL_SLOTS = 2;

export interface WorkerStart {
  /** The compiled quickjs-ng wasm, compiled once on the main thread and shared by every worker. */
  wasm: WebAssembly.Module;
  memoryBytes: number;
  control: SharedArrayBuffer;
  /** Replies to blocking calls: read with receiveMessageOnPort while the guest waits. */
  syncPort: MessagePort;
}

export type ToWorker =
  /** The sandbox's functions, globals and limits, sent once to a booted worker; it answers `ready`. */
  | { type: 'configure'; config: GuestConfig }
  | { type: 'run'; cell: number; globals: string[]; code: string; deadline: number }
  /** Reply to an async call (a promise in the guest). */
  | { type: 'reply'; call: number; reply: string }
  /** Ends the cell if it is idle, waiting on a promise; a busy one sees the Stop slot. */
  | { type: 'stop'; cell: number };

export interface SyncReply {
  call: number;
  reply: string;
}

/** How a cell ended, as the worker saw it. */
export type CellOutcome =
  /** The cell entry's JSON reply ({ok, value} or {ok: false, error}). */
  | { kind: 'reply'; reply: string }
  /** Stopped by the deadline or a stop request; `running` when code was executing, not awaiting. */
  | { kind: 'stopped'; running: boolean }
  /** Nothing can ever settle the promise the cell awaits. */
  | { kind: 'stuck' }
  | { kind: 'oom' }
  | { kind: 'internal'; message: string };

export type FromWorker =
  /** QuickJS is up, its context empty: the worker waits for `configure`. */
  { type: 'booted' } | { type: 'ready' } | { type: 'startFailed'; message: string } | CellMessage<CellOutcome>;

/**
 * Interrupts and memory exhaustion surface as InternalErrors: thrown out of the evaluation (seen
 * by the worker) or caught by the cell entry into its reply (seen by the main thread).
 */
export function classify(error: string): CellOutcome {
  if (/^InternalError: interrupted/.test(error)) return { kind: 'stopped', running: true };
  if (/^InternalError: out of memory/.test(error)) return { kind: 'oom' };
  return { kind: 'internal', message: error };
}
