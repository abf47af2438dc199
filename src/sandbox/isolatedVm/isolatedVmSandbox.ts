// The isolated-vm engine: a separate V8 isolate with its own heap limit. Only strings cross
// the boundary; host functions are reached through two References hidden in a closure.
import IsolatedVM from 'isolated-vm';
import { CellSyntaxError, transformCell } from '../cellTransform.js';
import { installGuestRuntime, type GuestConfig } from '../guestRuntime.js';
import { HostBridge } from '../hostBridge.js';
import { OutputBuffer } from '../outputBuffer.js';
import { parseFinal, reservedNames, CELL_ENTRY, MAX_FINAL_CHARS, describeTimeout } from '../cellProtocol.js';
import { SANDBOX_DEFAULTS, type CellResult, type FinalAnswer, type RunOptions, type Sandbox, type SandboxOptions } from '../sandbox.js';

type Ivm = typeof IsolatedVM;

/** One running cell: host calls check they belong to it, so an abandoned cell cannot write. */
interface CellState {
  output: OutputBuffer;
  final?: FinalAnswer;
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
  private readonly bridge: HostBridge;
  private readonly reserved: ReadonlySet<string>;
  private readonly limits: Required<Pick<SandboxOptions, 'memoryMb' | 'cellTimeoutMs' | 'maxOutputChars'>>;

  private constructor(
    private readonly ivm: Ivm,
    private readonly options: SandboxOptions,
  ) {
    this.bridge = new HostBridge(options.functions);
    this.reserved = reservedNames(options);
    this.limits = {
      memoryMb: options.memoryMb ?? SANDBOX_DEFAULTS.memoryMb,
      cellTimeoutMs: options.cellTimeoutMs ?? SANDBOX_DEFAULTS.cellTimeoutMs,
      maxOutputChars: options.maxOutputChars ?? SANDBOX_DEFAULTS.maxOutputChars,
    };
  }

  /** Loads isolated-vm and starts an isolate; throws if the native module cannot load here. */
  static async create(options: SandboxOptions): Promise<IsolatedVmSandbox> {
    const sandbox = new IsolatedVmSandbox(IsolatedVM, options);
    await sandbox.start();
    return sandbox;
  }

  private async start(): Promise<void> {
    const isolate = new this.ivm.Isolate({ memoryLimit: this.limits.memoryMb });
    const context = await isolate.createContext();
    const dispatch = new this.ivm.Reference((request: unknown) => this.onCall(request));
    const write = new this.ivm.Reference((kind: unknown, text: unknown, full: unknown) => this.onWrite(kind, text, full));
    const config: GuestConfig = {
      functions: this.bridge.functions,
      globals: this.options.globals ?? {},
      maxOutputChars: this.limits.maxOutputChars,
      maxFinalChars: MAX_FINAL_CHARS,
      cellEntry: CELL_ENTRY,
    };
    // `__name`: esbuild's keepNames helper, which transpiled runtime source may call.
    const install = `const __name = (f) => f; (${installGuestRuntime.toString()})((() => {${ADAPTER}})(), ${JSON.stringify(config)});`;
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
    return this.bridge.handle(request, { signal: cell.controller.signal, notice });
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
    const cell: CellState = { output: new OutputBuffer(this.limits.maxOutputChars), controller: new AbortController() };
    const finish = (extra: Partial<CellResult>): CellResult => ({
      output: cell.output.toString(),
      ...(cell.final ? { final: cell.final } : {}),
      ...extra,
      wallMs: Date.now() - started,
    });

    let script: IsolatedVM.Script;
    try {
      const cellCode = transformCell(code, this.reserved, CELL_ENTRY);
      if (!this.isolate || this.isolate.isDisposed) await this.start();
      if (cellCode.globals.length) this.context!.evalSync(`var ${cellCode.globals.join(', ')};`, { timeout: 1_000 });
      script = await this.isolate!.compileScript(cellCode.code, { filename: 'cell.js' });
    } catch (e) {
      return finish({ error: e instanceof CellSyntaxError ? e.message : `Could not start the cell: ${(e as Error).message}` });
    }

    this.cell = cell;
    const timeoutMs = options.timeoutMs ?? this.limits.cellTimeoutMs;
    const outcome = await this.runScript(script, timeoutMs, options.signal);
    cell.controller.abort();
    if (this.cell === cell) this.cell = undefined;
    script.release();
    return finish(outcome);
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
      const reply = JSON.parse(first.reply) as { ok: boolean; value?: string; error?: string };
      return reply.ok ? (reply.value !== undefined ? { value: reply.value } : {}) : { error: reply.error };
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
      return { error: `${what} It was waiting on a promise that never settled; variables from earlier cells are kept.` };
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
      return {
        error: `The cell used more than the ${this.limits.memoryMb} MB memory limit, so the sandbox was restarted: variables from earlier cells are gone. Work on smaller pieces (grep or peek instead of read, slice arrays).`,
        restarted: true,
      };
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
