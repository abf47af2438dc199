// The quickjs engine: QuickJS compiled to WebAssembly (quickjs-emscripten, quickjs-ng build),
// for hosts where the native isolated-vm module cannot load. Guest code runs in a worker thread
// with its own heap limit and an interrupt handler; host functions run here, on the main thread.
import { CellTransforms } from '../cellTransform.js';
import {
  answerCall,
  cancelledCallIn,
  CellController,
  cellResult,
  describeTimeout,
  memoryLimitError,
  neverSettledError,
  readCellReply,
  routeCellMessage,
  sandboxSetup,
  startFailure,
  stoppedInHostCall,
  CELL_ENTRY,
  type ActiveCell,
  type CallMessage,
  type CellRecord,
  type SandboxSetup,
} from '../cellProtocol.js';
import { OutputBuffer } from '../outputBuffer.js';
import type { CellResult, RunOptions, Sandbox, SandboxOptions } from '../sandbox.js';
import { bootWorker, configureWorker, type BootedWorker, type QuickJsSpare } from './quickJsSpare.js';
export { QuickJsSpare } from './quickJsSpare.js';
import { v8Wording } from './v8Wording.js';
import { classify, Control, type CellOutcome, type FromWorker, type SyncReply, type ToWorker } from './workerMessages.js';

/** How long a stopped cell may take to notice before the worker is replaced. */
const STOP_GRACE_MS = 2_000;

interface CellState extends ActiveCell<CellOutcome> {
  /** The transformed code the worker runs. */
  code: string;
}

type Started = BootedWorker;

export class QuickJsSandbox implements Sandbox {
  readonly engine = 'quickjs';
  private started?: Started;
  private cell?: CellState;
  private nextCell = 0;
  private disposed = false;
  private readonly setup: SandboxSetup;
  private readonly transforms: CellTransforms;

  private constructor(
    options: SandboxOptions,
    private readonly spare?: QuickJsSpare,
  ) {
    this.setup = sandboxSetup(options);
    this.transforms = new CellTransforms(this.setup.reserved, CELL_ENTRY);
  }

  /** With a `spare`, the sandbox takes its booted worker (and restarts from it too). */
  static async create(options: SandboxOptions, spare?: QuickJsSpare): Promise<QuickJsSandbox> {
    const sandbox = new QuickJsSandbox(options, spare);
    const starting = sandbox.start();
    if (options.firstCell !== undefined) sandbox.transforms.prepare(options.firstCell); // while the engine boots
    sandbox.started = await starting;
    return sandbox;
  }

  private async start(): Promise<Started> {
    const memoryBytes = this.setup.limits.memoryMb * 1024 * 1024;
    let started = await (this.spare?.take(memoryBytes) ?? bootWorker(memoryBytes));
    try {
      await configureWorker(started, this.setup.guest);
    } catch (error) {
      if (!this.spare) throw error;
      // A spare that died while it waited: once more, with a worker of its own.
      started = await bootWorker(memoryBytes);
      await configureWorker(started, this.setup.guest);
    }
    const { worker } = started;
    worker.on('message', (message: FromWorker) => this.onMessage(started, message));
    worker.on('error', (error) => this.onCrash(started, error.message));
    worker.on('exit', (code) => this.onCrash(started, `the worker exited (code ${code})`));
    return started;
  }

  private onMessage(started: Started, message: FromWorker): void {
    if ('cell' in message) routeCellMessage(this.cell, message, (call, cell) => void this.answer(started, call, cell));
  }

  /** Runs a host function for the guest; calls from an ended cell are refused. */
  private async answer(started: Started, message: CallMessage, cell: CellState | undefined): Promise<void> {
    const reply = await answerCall(this.setup.bridge, message.request, message.sync, cell);
    if (reply === undefined || this.started !== started) return;
    if (message.sync) {
      const answer: SyncReply = { call: message.call, reply };
      started.syncPort.postMessage(answer);
      Atomics.add(started.control, Control.SyncReplies, 1);
      Atomics.notify(started.control, Control.SyncReplies);
    } else {
      this.send(started, { type: 'reply', call: message.call, reply });
    }
  }

  private send(started: Started, message: ToWorker): void {
    started.worker.postMessage(message);
  }

  private onCrash(started: Started, why: string): void {
    if (this.started !== started) return;
    this.started = undefined;
    this.cell?.done({ kind: 'internal', message: `The quickjs sandbox stopped: ${why}.` });
  }

  async run(code: string, options: RunOptions = {}): Promise<CellResult> {
    const startedAt = Date.now();
    if (this.disposed) throw new Error('This sandbox has been disposed.');
    let done: (outcome: CellOutcome) => void = () => {};
    const outcome = new Promise<CellOutcome>((resolve) => (done = resolve));
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
    const timeoutMs = options.timeoutMs ?? this.setup.limits.cellTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    const cell: CellState = { ...record, id: ++this.nextCell, code: transformed.code, controller: new CellController(), deadline, done };
    this.cell = cell;
    Atomics.store(started.control, Control.Stop, 0);
    started.worker.ref();
    this.send(started, {
      type: 'run',
      cell: cell.id,
      globals: transformed.globals,
      code: transformed.code,
      deadline,
    });
    const result = await this.waitForOutcome(started, cell, outcome, timeoutMs, options.signal);
    cell.controller.abort();
    if (this.cell === cell) this.cell = undefined;
    this.started?.worker.unref();
    return cellResult(cell, startedAt, result);
  }

  /** Waits for the worker's outcome; at the deadline or on cancel, asks it to stop. */
  private async waitForOutcome(
    started: Started,
    cell: CellState,
    outcome: Promise<CellOutcome>,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<Partial<CellResult>> {
    let reason: 'timeout' | 'cancelled' | undefined;
    let grace: NodeJS.Timeout | undefined;
    let unresponsive: () => void = () => {};
    const replaced = new Promise<'unresponsive'>((resolve) => (unresponsive = () => resolve('unresponsive')));
    const stop = (why: 'timeout' | 'cancelled') => {
      if (reason) return;
      reason = why;
      cell.controller.abort();
      // The interrupt handler sees the flag while code runs; a blocking host call wakes up.
      Atomics.store(started.control, Control.Stop, 1);
      Atomics.notify(started.control, Control.SyncReplies);
      this.send(started, { type: 'stop', cell: cell.id });
      grace = setTimeout(unresponsive, STOP_GRACE_MS);
    };
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    const onAbort = () => stop('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    try {
      const first = await Promise.race([outcome, replaced]);
      const what = reason === 'cancelled' ? 'The cell was cancelled.' : describeTimeout(timeoutMs);
      if (first === 'unresponsive') {
        await this.restart();
        return {
          error: `${what} The sandbox did not stop in time, so it was restarted: variables from earlier cells are gone.`,
          restarted: true,
        };
      }
      return this.describe(cell, first, what, reason === 'cancelled');
    } finally {
      clearTimeout(timer);
      clearTimeout(grace);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async describe(cell: CellState, outcome: CellOutcome, stopped: string, cancelled: boolean): Promise<Partial<CellResult>> {
    if (outcome.kind === 'reply') {
      // The cell entry also catches interrupts and memory exhaustion: those are the engine's, not the code's.
      const { result, errorAt } = readCellReply(outcome.reply);
      const failure = result.error === undefined ? undefined : classify(result.error);
      if (failure && failure.kind !== 'internal') return this.describe(cell, failure, stopped, cancelled);
      const call = result.error === undefined ? undefined : cancelledCallIn(result.error);
      if (call) return { error: stoppedInHostCall(stopped, call) };
      return result.error === undefined ? result : { error: v8Wording(result.error, cell.code, errorAt) };
    }
    switch (outcome.kind) {
      case 'stopped':
        if (!outcome.running) return { error: neverSettledError(stopped) };
        return { error: `${stopped}${cancelled ? '' : ' An endless loop?'} Variables from earlier cells are kept.` };
      case 'stuck':
        return {
          error:
            'The cell awaited a promise that never settled (nothing it waits for is still running); variables from earlier cells are kept.',
        };
      case 'oom':
        await this.restart();
        return { error: memoryLimitError(this.setup.limits.memoryMb), restarted: true };
      case 'internal':
        await this.restart();
        return {
          error: `Internal sandbox error: ${outcome.message} The sandbox was restarted: variables from earlier cells are gone.`,
          restarted: true,
        };
    }
  }

  private async restart(): Promise<void> {
    this.teardown();
    if (!this.disposed) this.started = await this.start().catch(() => undefined);
  }

  private teardown(): void {
    const started = this.started;
    this.started = undefined;
    if (started) void started.worker.terminate();
  }

  dispose(): void {
    this.disposed = true;
    this.cell?.controller.abort();
    this.teardown();
  }
}
