// The isolated-vm engine: a separate V8 isolate with its own heap limit, in a child process
// (isolateProcess.ts) so that a heap exhaustion V8 cannot recover from ends that process and
// not the host. Host functions run here; only strings cross, over the IPC channel.
import type { ChildProcess } from 'node:child_process';
import { CellTransforms } from '../cellTransform.js';
import { OutputBuffer } from '../outputBuffer.js';
import {
  answerCall,
  CellController,
  cellResult,
  describeTimeout,
  memoryLimitError,
  routeCellMessage,
  sandboxSetup,
  startFailure,
  CELL_ENTRY,
  type ActiveCell,
  type CallMessage,
  type CellRecord,
  type SandboxSetup,
} from '../cellProtocol.js';
import type { CellResult, RunOptions, Sandbox, SandboxOptions } from '../sandbox.js';
import { OUT_OF_MEMORY_MARK, type FromIsolate, type ToIsolate } from './isolateMessages.js';
import { forkSpare, keepAlive, takeIsolateProcess } from './isolateSpare.js';

/** How long the isolate process may take to end a stopped cell before it is replaced. */
const STOP_GRACE_MS = 500;
/** Whether a sandbox of this process has started: the first forks no spare. */
let startedBefore = false;

/** One running cell: host calls check they belong to it, so an abandoned cell cannot write. */
type CellState = ActiveCell<Partial<CellResult>>;

/**
 * Send-ahead: the read-ahead request a loop over a listing makes next, which the guest names with
 * its call. The host answers it once no blocking call is being answered (while the guest uses the
 * reply it just got) and sends that reply unasked; the isolate process answers the call with it
 * when it comes. A call of that request made before the reply was sent waits for the same answer.
 */
interface AheadCall {
  cell: CellState;
  request: string;
  reply?: Promise<string | undefined>;
  /** Its call came before the reply was ready: the reply goes to that call, not ahead. */
  claimed?: boolean;
}

interface Started {
  child: ChildProcess;
  /** The end of its stderr, to tell heap exhaustion from other crashes. */
  stderr: string;
}

export class IsolatedVmSandbox implements Sandbox {
  readonly engine = 'isolated-vm';
  private started?: Started;
  private cell?: CellState;
  private nextCell = 0;
  private disposed = false;
  private readonly setup: SandboxSetup;
  private readonly transforms: CellTransforms;
  private ahead?: AheadCall;
  /** Blocking calls being answered: the call named as the next one waits for them. */
  private answering = 0;

  private constructor(
    options: SandboxOptions,
    private readonly spares: boolean,
  ) {
    this.setup = sandboxSetup(options);
    this.transforms = new CellTransforms(this.setup.reserved, CELL_ENTRY);
  }

  /**
   * Starts the isolate process; throws if isolated-vm cannot load there. With `spares` it forks
   * the next sandbox's process meanwhile; without (a CLI process with one sandbox) it does not,
   * so no process competes with this one's first cell for the CPU.
   */
  static async create(options: SandboxOptions, spares = true): Promise<IsolatedVmSandbox> {
    const sandbox = new IsolatedVmSandbox(options, spares);
    const starting = sandbox.start();
    if (options.firstCell !== undefined) sandbox.transforms.prepare(options.firstCell); // while the engine boots
    sandbox.started = await starting;
    return sandbox;
  }

  private async start(): Promise<Started> {
    const child = takeIsolateProcess();
    const started: Started = { child, stderr: '' };
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (started.stderr = (started.stderr + chunk).slice(-4_000)));
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) =>
        reject(new Error(`the isolate process ended (${signal ?? `exit code ${code}`}): ${lastLine(started.stderr)}`)),
      );
      child.once('message', (message: FromIsolate) => {
        if (message.type === 'ready') resolve();
        else reject(new Error(message.type === 'startFailed' ? message.message : `unexpected ${message.type}`));
      });
      this.send(started, { type: 'start', start: { memoryMb: this.setup.limits.memoryMb, guest: this.setup.guest } });
    }).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });
    child.removeAllListeners();
    child.on('message', (message: FromIsolate) => this.onMessage(started, message));
    child.on('exit', (code, signal) => this.onExit(started, signal ?? `exit code ${code}`));
    child.on('error', () => child.kill('SIGKILL'));
    keepAlive(child, false); // an idle sandbox must not keep the CLI's process alive
    // isolated-vm loads there: the next sandbox's process ready. Not beside the process's first
    // sandbox: that boot (~0.3 s of CPU) would compete with the run's listing and first request,
    // and a child rlm() comes only after a cell, whose end forks it.
    if (this.spares && startedBefore) forkSpare();
    startedBefore = true;
    return started;
  }

  private send(started: Started, message: ToIsolate): void {
    if (started.child.connected) started.child.send(message);
  }

  private onMessage(started: Started, message: FromIsolate): void {
    if (message.type === 'batch') for (const one of message.messages) this.onMessage(started, one);
    else if (message.type === 'speculate') this.speculate(started, message.cell, message.request);
    else if ('cell' in message) routeCellMessage(this.cell, message, (call, cell) => void this.answer(started, call, cell));
  }

  private async answer(started: Started, message: CallMessage, cell: CellState | undefined): Promise<void> {
    const ahead = this.ahead;
    const named = ahead && cell && ahead.cell === cell && message.sync && ahead.request === message.request ? ahead : undefined;
    if (named) named.claimed = true;
    if (message.sync) this.answering++;
    try {
      const reply = named
        ? await (named.reply ??= answerCall(this.setup.bridge, message.request, true, cell))
        : await answerCall(this.setup.bridge, message.request, message.sync, cell);
      if (reply !== undefined && this.started === started) this.send(started, { type: 'reply', call: message.call, reply });
    } finally {
      if (message.sync) this.answering--;
    }
    this.answerAhead(started);
  }

  /** The guest named the read-ahead request it expects to make next (see AheadCall). */
  private speculate(started: Started, cellId: number, request: string): void {
    const cell = this.cell;
    if (!cell || cell.id !== cellId || cell.controller.signal.aborted || !this.setup.bridge.readsAhead(request)) return;
    this.ahead = { cell, request };
    this.answerAhead(started);
  }

  private answerAhead(started: Started): void {
    const ahead = this.ahead;
    if (!ahead || ahead.reply || this.answering > 0) return;
    const { cell, request } = ahead;
    ahead.reply = answerCall(this.setup.bridge, request, true, cell);
    void ahead.reply.then((reply) => {
      if (ahead.claimed || reply === undefined || this.started !== started || this.cell !== cell || cell.controller.signal.aborted) return;
      this.send(started, { type: 'ahead', cell: cell.id, request, reply });
    });
  }

  /** The process ended on its own: heap exhaustion, or a crash. The next cell starts a new one. */
  private onExit(started: Started, how: string): void {
    if (this.started !== started) return;
    this.started = undefined;
    const oom = started.stderr.includes(OUT_OF_MEMORY_MARK) || /out of memory|is_heap_oom/i.test(started.stderr);
    const error = oom
      ? memoryLimitError(this.setup.limits.memoryMb)
      : `The sandbox process stopped unexpectedly (${how}), so it was restarted: variables from earlier cells are gone.`;
    this.cell?.done({ error, restarted: true });
  }

  async run(code: string, options: RunOptions = {}): Promise<CellResult> {
    const startedAt = Date.now();
    if (this.disposed) throw new Error('This sandbox has been disposed.');
    const record: CellRecord = { output: new OutputBuffer(this.setup.limits.maxOutputChars) };
    let started: Started;
    let transformed: ReturnType<CellTransforms['transform']>;
    try {
      transformed = this.transforms.transform(code);
      this.started ??= await this.start();
      started = this.started;
    } catch (e) {
      return cellResult(record, startedAt, startFailure(e));
    }
    let done: (result: Partial<CellResult>) => void = () => {};
    const outcome = new Promise<Partial<CellResult>>((resolve) => (done = resolve));
    const timeoutMs = options.timeoutMs ?? this.setup.limits.cellTimeoutMs;
    const cell: CellState = { ...record, id: ++this.nextCell, controller: new CellController(), deadline: Date.now() + timeoutMs, done };
    this.cell = cell;
    keepAlive(started.child, true);
    this.send(started, { type: 'run', cell: cell.id, globals: transformed.globals, code: transformed.code, timeoutMs });
    const result = await this.waitForOutcome(started, cell, outcome, timeoutMs, options.signal);
    cell.controller.abort();
    if (this.cell === cell) this.cell = undefined;
    if (this.ahead?.cell === cell) this.ahead = undefined;
    if (this.started) keepAlive(this.started.child, false);
    if (this.spares && !this.disposed) forkSpare(); // while the model reads the output
    return cellResult(cell, startedAt, result);
  }

  /**
   * At the deadline or on cancel the cell's signal aborts, which cancels the host work it started,
   * and the isolate process is told to end the cell. If it does not answer in time, it is replaced.
   */
  private async waitForOutcome(
    started: Started,
    cell: CellState,
    outcome: Promise<Partial<CellResult>>,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<Partial<CellResult>> {
    let grace: NodeJS.Timeout | undefined;
    let unresponsive: (what: string) => void = () => {};
    const replaced = new Promise<string>((resolve) => (unresponsive = resolve));
    const stop = (reason: 'timeout' | 'cancelled') => {
      if (cell.controller.signal.aborted) return;
      // First the stop, then the abort: the process names the blocking call it cancels.
      this.send(started, { type: 'stop', cell: cell.id, reason });
      cell.controller.abort();
      const what = reason === 'timeout' ? describeTimeout(timeoutMs) : 'The cell was cancelled.';
      grace = setTimeout(() => unresponsive(what), STOP_GRACE_MS);
    };
    // A little grace so isolated-vm's own timeout ends plain endless loops without a restart.
    const timer = setTimeout(() => stop('timeout'), timeoutMs + 250);
    const onAbort = () => stop('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    try {
      const first = await Promise.race([outcome, replaced]);
      if (typeof first !== 'string') return first;
      this.teardown();
      return {
        error: `${first} The sandbox did not stop in time, so it was restarted: variables from earlier cells are gone.`,
        restarted: true,
      };
    } finally {
      clearTimeout(timer);
      clearTimeout(grace);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private teardown(): void {
    const started = this.started;
    this.started = undefined;
    started?.child.kill('SIGKILL');
  }

  dispose(): void {
    this.disposed = true;
    this.cell?.controller.abort();
    this.teardown();
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
