// The isolated-vm engine: a separate V8 isolate with its own heap limit. Only strings cross
// the boundary; host functions are reached through two References hidden in a closure.
import IsolatedVM from 'isolated-vm';
import { transformCell } from '../cellTransform.js';
import { installGuestRuntime } from '../guestRuntime.js';
import { OutputBuffer } from '../outputBuffer.js';
import {
  cellResult,
  describeTimeout,
  memoryLimitError,
  neverSettledError,
  parseFinal,
  readCellReply,
  sandboxSetup,
  startFailure,
  CELL_ENTRY,
  type CellRecord,
  type SandboxSetup,
} from '../cellProtocol.js';
import type { CellResult, RunOptions, Sandbox, SandboxOptions } from '../sandbox.js';

type Ivm = typeof IsolatedVM;

/** One running cell: host calls check they belong to it, so an abandoned cell cannot write. */
interface CellState extends CellRecord {
  controller: AbortController;
}

// Runs inside the isolate: adapts the two References into the GuestHost channels. The option
// objects are null-prototype and frozen so guest prototype pollution cannot change transfers.
const ADAPTER = `
const apply = Reflect.apply, freeze = Object.freeze;
const none = freeze({ __proto__: null });
const asPromise = freeze({ __proto__: null, result: freeze({ __proto__: null, promise: true, copy: true }) });
const applySync = $1.applySync, applySyncPromise = $0.applySyncPromise, applyAsync = $0.apply;
return {
  write: (text, full) => { apply(applySync, $1, [undefined, ['out', text, full], none]); },
  final: (json) => { apply(applySync, $1, [undefined, ['final', json, json.length], none]); },
  callSync: (request) => apply(applySyncPromise, $0, [undefined, [request], none]),
  callAsync: (request) => apply(applyAsync, $0, [undefined, [request], asPromise]),
};`;

export class IsolatedVmSandbox implements Sandbox {
  readonly engine = 'isolated-vm';
  private isolate?: IsolatedVM.Isolate;
  private context?: IsolatedVM.Context;
  private cell?: CellState;
  private disposed = false;
  private readonly setup: SandboxSetup;

  private constructor(
    private readonly ivm: Ivm,
    options: SandboxOptions,
  ) {
    this.setup = sandboxSetup(options);
  }

  /** Loads isolated-vm and starts an isolate; throws if the native module cannot load here. */
  static async create(options: SandboxOptions): Promise<IsolatedVmSandbox> {
    const sandbox = new IsolatedVmSandbox(IsolatedVM, options);
    await sandbox.start();
    return sandbox;
  }

  private async start(): Promise<void> {
    const isolate = new this.ivm.Isolate({ memoryLimit: this.setup.limits.memoryMb });
    const context = await isolate.createContext();
    const dispatch = new this.ivm.Reference((request: unknown) => this.onCall(request));
    const write = new this.ivm.Reference((kind: unknown, text: unknown, full: unknown) => this.onWrite(kind, text, full));
    // `__name`: esbuild's keepNames helper, which transpiled runtime source may call.
    const install = `const __name = (f) => f; (${installGuestRuntime.toString()})((() => {${ADAPTER}})(), ${JSON.stringify(this.setup.guest)});`;
    await context.evalClosure(install, [dispatch, write], { timeout: 5_000 });
    this.isolate = isolate;
    this.context = context;
  }

  private onCall(request: unknown): Promise<string> {
    const cell = this.cell;
    if (!cell) return Promise.resolve(JSON.stringify({ ok: false, error: 'Cancelled: no cell is running.' }));
    const notice = (text: string) => {
      if (!cell.controller.signal.aborted) cell.output.write(`${text}\n`);
    };
    return this.setup.bridge.handle(request, { signal: cell.controller.signal, notice });
  }

  private onWrite(kind: unknown, text: unknown, full: unknown): void {
    const cell = this.cell;
    if (!cell || cell.controller.signal.aborted || typeof text !== 'string') return;
    if (kind === 'out') cell.output.write(text, typeof full === 'number' ? full : text.length);
    else if (kind === 'final') cell.final = parseFinal(text);
  }

  async run(code: string, options: RunOptions = {}): Promise<CellResult> {
    const started = Date.now();
    if (this.disposed) throw new Error('This sandbox has been disposed.');
    const cell: CellState = { output: new OutputBuffer(this.setup.limits.maxOutputChars), controller: new AbortController() };

    let script: IsolatedVM.Script;
    try {
      const cellCode = transformCell(code, this.setup.reserved, CELL_ENTRY);
      if (!this.isolate || this.isolate.isDisposed) await this.start();
      if (cellCode.globals.length) this.context!.evalSync(`var ${cellCode.globals.join(', ')};`, { timeout: 1_000 });
      script = await this.isolate!.compileScript(cellCode.code, { filename: 'cell.js' });
    } catch (e) {
      return cellResult(cell, started, startFailure(e));
    }

    this.cell = cell;
    const timeoutMs = options.timeoutMs ?? this.setup.limits.cellTimeoutMs;
    const outcome = await this.runScript(script, timeoutMs, options.signal);
    cell.controller.abort();
    if (this.cell === cell) this.cell = undefined;
    script.release();
    return cellResult(cell, started, outcome);
  }

  /** Runs the compiled cell, racing it against the wall-clock limit and the caller's signal. */
  private async runScript(script: IsolatedVM.Script, timeoutMs: number, signal?: AbortSignal): Promise<Partial<CellResult>> {
    const isolate = this.isolate!;
    let stop: (reason: 'timeout' | 'cancelled') => void = () => {};
    const stopped = new Promise<'timeout' | 'cancelled'>((resolve) => (stop = resolve));
    // A little grace so isolated-vm's own timeout ends plain endless loops without a restart.
    const timer = setTimeout(() => stop('timeout'), timeoutMs + 250);
    const onAbort = () => stop('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    try {
      const running = script.run(this.context!, { timeout: timeoutMs, promise: true, copy: true }).then(
        (reply) => ({ reply: String(reply) }),
        (error: Error) => ({ error }),
      );
      const first = await Promise.race([running, stopped]);
      if (typeof first === 'string') return this.interrupt(isolate, first, timeoutMs);
      if ('error' in first) return this.failure(isolate, first.error, timeoutMs);
      return readCellReply(first.reply).result;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The cell is still pending at the deadline or on cancel: keep the isolate if it is idle. */
  private async interrupt(isolate: IsolatedVM.Isolate, reason: 'timeout' | 'cancelled', timeoutMs: number): Promise<Partial<CellResult>> {
    this.cell?.controller.abort();
    const what = reason === 'timeout' ? describeTimeout(timeoutMs) : 'The cell was cancelled.';
    const before = isolate.cpuTime;
    await new Promise((resolve) => setTimeout(resolve, 25));
    if (!isolate.isDisposed && isolate.cpuTime === before) {
      return { error: neverSettledError(what) };
    }
    // Code is running after an await: the only way to stop it is to drop the isolate.
    await this.restart();
    return { error: `${what} Code was still running, so the sandbox was restarted: variables from earlier cells are gone.`, restarted: true };
  }

  private async failure(isolate: IsolatedVM.Isolate, error: Error, timeoutMs: number): Promise<Partial<CellResult>> {
    if (/timed out/i.test(error.message)) {
      return { error: `${describeTimeout(timeoutMs)} An endless loop? Variables from earlier cells are kept.` };
    }
    if (isolate.isDisposed || /disposed/i.test(error.message)) {
      await this.restart();
      return { error: memoryLimitError(this.setup.limits.memoryMb), restarted: true };
    }
    return { error: `Internal sandbox error: ${error.message}` };
  }

  private async restart(): Promise<void> {
    this.teardown();
    if (!this.disposed) await this.start();
  }

  private teardown(): void {
    const isolate = this.isolate;
    this.isolate = undefined;
    this.context = undefined;
    if (isolate && !isolate.isDisposed) isolate.dispose();
  }

  dispose(): void {
    this.disposed = true;
    this.cell?.controller.abort();
    this.teardown();
  }
}
