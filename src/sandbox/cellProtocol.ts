// Small pieces every sandbox engine shares: names, limits, results and messages of the cell protocol.
import type { GuestConfig } from './guestRuntime.js';
import { CELL_ENDED_REPLY, HostBridge, parseGuestJson } from './hostBridge.js';
export { cancelledCallIn, hostCallCancelled } from './hostBridge.js';
import type { OutputBuffer } from './outputBuffer.js';
import { SANDBOX_DEFAULTS, type CellResult, type FinalAnswer, type JsonValue, type SandboxOptions } from './sandbox.js';

/**
 * A cell the sandbox refuses before it runs (bad syntax, a redeclared built-in): its message is the
 * whole error. Here, not beside the transform, so the isolate process's bundle holds no parser.
 */
export class CellSyntaxError extends Error {
  override readonly name = 'CellSyntaxError';
}

/** The non-writable global through which the engine runs each cell. */
export const CELL_ENTRY = '__rlmRunCell';
export const MAX_FINAL_CHARS = 1_000_000;

const BUILT_INS = ['print', 'console', 'FINAL', 'FINAL_VAR', 'globalThis', CELL_ENTRY];

/** Globals model code may not redeclare at the top level of a cell. */
export function reservedNames(options: SandboxOptions): ReadonlySet<string> {
  return new Set([...BUILT_INS, ...options.functions.map((f) => f.name), ...Object.keys(options.globals ?? {})]);
}

export type SandboxLimits = Required<Pick<SandboxOptions, 'memoryMb' | 'cellTimeoutMs' | 'maxOutputChars'>>;

/** What an engine derives from its options before it starts: the same for every engine. */
export interface SandboxSetup {
  limits: SandboxLimits;
  bridge: HostBridge;
  reserved: ReadonlySet<string>;
  /** Handed to the guest runtime inside the sandbox. */
  guest: GuestConfig;
}

export function sandboxSetup(options: SandboxOptions): SandboxSetup {
  const limits: SandboxLimits = {
    memoryMb: options.memoryMb ?? SANDBOX_DEFAULTS.memoryMb,
    cellTimeoutMs: options.cellTimeoutMs ?? SANDBOX_DEFAULTS.cellTimeoutMs,
    maxOutputChars: options.maxOutputChars ?? SANDBOX_DEFAULTS.maxOutputChars,
  };
  const bridge = new HostBridge(options.functions);
  const guest: GuestConfig = {
    functions: bridge.functions,
    globals: options.globals ?? {},
    maxOutputChars: limits.maxOutputChars,
    maxFinalChars: MAX_FINAL_CHARS,
    cellEntry: CELL_ENTRY,
  };
  return { limits, bridge, reserved: reservedNames(options), guest };
}

/** Calls cancelled per turn of the event loop once their cell ends. */
const CANCELS_PER_TURN = 500;

/**
 * The controller of one cell. Each host call gets a signal of its own that aborts with the cell:
 * listeners do not pile up on one signal (adding one to an AbortSignal walks those it has, so
 * 10,000 parallel llm() calls listening on the cell's signal took seconds of host time). The
 * calls are cancelled in slices, one per turn of the event loop: the cell's result does not wait
 * for 10,000 cancellations.
 */
export class CellController extends AbortController {
  private readonly calls = new Set<AbortController>();

  constructor() {
    super();
    this.signal.addEventListener('abort', () => this.cancelCalls(), { once: true });
  }

  /** Runs one call's work with its own signal, aborted when the cell ends. */
  async forCall<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const call = new AbortController();
    if (this.signal.aborted) call.abort(this.signal.reason);
    else this.calls.add(call);
    try {
      return await work(call.signal);
    } finally {
      this.calls.delete(call);
    }
  }

  private cancelCalls(): void {
    let cancelled = 0;
    for (const call of this.calls) {
      this.calls.delete(call);
      // One reason for all: a reason of its own per call would be one DOMException (and stack) each.
      call.abort(this.signal.reason);
      if (++cancelled === CANCELS_PER_TURN) return void setImmediate(() => this.cancelCalls());
    }
  }
}

/** What a running cell has collected so far. */
export interface CellRecord {
  output: OutputBuffer;
  final?: FinalAnswer;
}

/** A cell as host calls see it: where notices go, and the controller that ends its work. */
export interface LiveCell extends CellRecord {
  controller: CellController;
  /** When its time is up (Date.now() ms): calls that arrive later are not started, even before the stop. */
  deadline: number;
}

/** What the guest side of every engine says about a cell; `Outcome` is how the engine ends one. */
export type CellMessage<Outcome> =
  | { type: 'write'; cell: number; text: string; full: number }
  | { type: 'final'; cell: number; json: string }
  | { type: 'call'; cell: number; call: number; request: string; sync: boolean }
  | { type: 'done'; cell: number; outcome: Outcome };

export type CallMessage = Extract<CellMessage<unknown>, { type: 'call' }>;

/** The cell an engine is running, by the number its messages carry. */
export interface ActiveCell<Outcome> extends LiveCell {
  id: number;
  done(outcome: Outcome): void;
}

/**
 * Routes one message of the guest to the engine's current `cell`. Output counts until the cell
 * it names has ended: a write posted just before a stop arrives after it, and dropping it lost a
 * late-finishing cell's whole output. FINAL counts only while the cell is not stopped; a call goes
 * to `answer` with that cell, or with none when its cell ended (so it is refused); the end reaches
 * the cell it names.
 */
export function routeCellMessage<Outcome, Cell extends ActiveCell<Outcome>>(
  cell: Cell | undefined,
  message: CellMessage<Outcome>,
  answer: (call: CallMessage, cell: Cell | undefined) => void,
): void {
  const current = cell && message.cell === cell.id ? cell : undefined;
  const live = current && !current.controller.signal.aborted ? current : undefined;
  switch (message.type) {
    case 'write':
      return void current?.output.write(message.text, message.full);
    case 'final':
      if (live) live.final = parseFinal(message.json);
      return;
    case 'call':
      return answer(message, live);
    case 'done':
      return current?.done(message.outcome);
  }
}

/**
 * Runs one host call of the guest for `cell` (undefined when the call comes from an ended cell).
 * A call of an ended, stopped or timed-out cell is refused before anything is decoded or started: a
 * blocking one gets the refusal, an async one no reply at all — a stopped cell's promises are
 * never resumed, and the 10,000 calls a bomb may have queued drain at almost no cost.
 */
export async function answerCall(
  bridge: HostBridge,
  request: string,
  sync: boolean,
  cell: LiveCell | undefined,
): Promise<string | undefined> {
  const controller = cell?.controller;
  if (!cell || !controller || controller.signal.aborted || Date.now() > cell.deadline) return sync ? CELL_ENDED_REPLY : undefined;
  const notice = (text: string) => {
    if (!controller.signal.aborted) cell.output.write(`${text}\n`);
  };
  const reply = await controller.forCall((signal) => bridge.handle(request, { signal, notice }));
  return sync || !controller.signal.aborted ? reply : undefined;
}

export function cellResult(cell: CellRecord, startedMs: number, extra: Partial<CellResult>): CellResult {
  return { output: cell.output.toString(), ...(cell.final ? { final: cell.final } : {}), ...extra, wallMs: Date.now() - startedMs };
}

/** A cell that could not start: its syntax error, or why the engine failed. */
export function startFailure(error: unknown): Partial<CellResult> {
  return { error: error instanceof CellSyntaxError ? error.message : `Could not start the cell: ${(error as Error).message}` };
}

/** Where in a cell's (transformed) code an error was thrown; both 1-based. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** The cell entry's JSON reply: `{ok, value}` or `{ok: false, error, at}`. */
export function readCellReply(reply: string): { result: Partial<CellResult>; errorAt?: SourcePosition } {
  const parsed = JSON.parse(reply) as { ok: boolean; value?: string; error?: string; at?: SourcePosition };
  if (!parsed.ok) return { result: { error: parsed.error ?? 'Error' }, ...(isPosition(parsed.at) ? { errorAt: parsed.at } : {}) };
  return { result: parsed.value !== undefined ? { value: parsed.value } : {} };
}

// The reply comes from the guest, so its shape is checked, not trusted.
function isPosition(at: unknown): at is SourcePosition {
  const { line, column } = (at ?? {}) as Partial<SourcePosition>;
  return Number.isSafeInteger(line) && Number.isSafeInteger(column) && line! > 0 && column! > 0;
}

export function parseFinal(json: string): FinalAnswer | undefined {
  const parsed = parseGuestJson(json) as { text?: JsonValue; value?: JsonValue } | null;
  if (!parsed || typeof parsed.text !== 'string') return undefined;
  return { text: parsed.text, value: parsed.value ?? null };
}

export function describeTimeout(timeoutMs: number): string {
  return `The cell was stopped after ${formatSeconds(timeoutMs)}, its time limit.`;
}

/** `stopped` says why the cell was stopped (time limit or cancel). */
export function neverSettledError(stopped: string): string {
  return `${stopped} It was waiting on a promise that never settled; variables from earlier cells are kept.`;
}

/** The cell was stopped (`stopped` says why) inside a blocking host call, which was cancelled. */
export function stoppedInHostCall(stopped: string, name: string): string {
  return `${stopped} It was inside ${name}(), which was cancelled with the work it started; variables from earlier cells are kept.`;
}

export function memoryLimitError(memoryMb: number): string {
  return `The cell used more than the ${memoryMb} MB memory limit, so the sandbox was restarted: variables from earlier cells are gone. Work on smaller pieces (grep or peek instead of read, slice arrays).`;
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${+(ms / 1000).toFixed(1)} s`;
}
