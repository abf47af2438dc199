// The messages between the isolated-vm sandbox (in the host) and its isolate process. V8 cannot
// recover from every heap exhaustion (many small allocations end in a fatal, process-wide
// abort), so the isolate lives in a child process: a bomb ends that process, never the host.
// Only strings and numbers cross, as before; host functions still run in the host.
import type { CellMessage } from '../cellProtocol.js';
import type { GuestConfig } from '../guestRuntime.js';
import type { CellResult } from '../sandbox.js';

export interface IsolateStart {
  memoryMb: number;
  guest: GuestConfig;
}

export type ToIsolate =
  | { type: 'start'; start: IsolateStart }
  | { type: 'run'; cell: number; globals: string[]; code: string; timeoutMs: number }
  /** The host's reply to a call, blocking or async. */
  | { type: 'reply'; call: number; reply: string }
  /** A reply to the blocking call `request`, made before the guest asked (isolatedVmSandbox.ts, send-ahead). */
  | { type: 'ahead'; cell: number; request: string; reply: string }
  /** Ends the cell: its time is up or it was cancelled. */
  | { type: 'stop'; cell: number; reason: 'timeout' | 'cancelled' };

export type FromIsolate =
  | { type: 'ready' }
  | { type: 'startFailed'; message: string }
  | CellMessage<Partial<CellResult>>
  /** The read-ahead request the guest expects to make next, which the host may answer ahead. */
  | { type: 'speculate'; cell: number; request: string }
  /** Messages sent in one turn of the isolate process's event loop, in order. */
  | { type: 'batch'; messages: FromIsolate[] };

/** Written to stderr by the isolate process just before it ends itself on heap exhaustion. */
export const OUT_OF_MEMORY_MARK = 'rlm-isolate: out of memory';
