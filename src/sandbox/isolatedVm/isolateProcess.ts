// The isolate process (bundled as dist/isolateProcess.js): one V8 isolate with its own heap
// limit, started by the isolated-vm sandbox. Host functions run in the parent: a blocking call
// blocks only the isolate's thread (applySyncPromise) while this process's main thread forwards
// the request over IPC and waits for the reply.
import type IsolatedVM from 'isolated-vm';
import { writeSync } from 'node:fs';
import { CELL_ENDED_REPLY } from '../hostBridge.js';
import {
  describeTimeout,
  hostCallCancelled,
  memoryLimitError,
  neverSettledError,
  readCellReply,
  startFailure,
  stoppedInHostCall,
} from '../cellProtocol.js';
import { guestRuntimeSource } from '../guestRuntime.js';
import type { CellResult } from '../sandbox.js';
import { OUT_OF_MEMORY_MARK, type FromIsolate, type IsolateStart, type ToIsolate } from './isolateMessages.js';

type Ivm = typeof IsolatedVM;
/** Replies sent ahead kept at once: the host sends one per call the guest names as its next. */
const SENT_AHEAD_KEPT = 2;
type Stop = 'timeout' | 'cancelled';

// Runs inside the isolate: adapts the References into the GuestHost channels. The option
// objects are null-prototype and frozen so guest prototype pollution cannot change transfers.
const ADAPTER = `
const apply = Reflect.apply, freeze = Object.freeze;
const none = freeze({ __proto__: null });
const asPromise = freeze({ __proto__: null, result: freeze({ __proto__: null, promise: true, copy: true }) });
const applySync = $1.applySync, applySyncPromise = $0.applySyncPromise, applyAsync = $2.apply;
const then = Promise.prototype.then, PromiseCtor = Promise, ended = $3;
// The reply to a call of a cell that has ended: its promise never settles (guestRuntime.ts).
const unlessEnded = (reply) => (reply === ended ? new PromiseCtor(() => {}) : reply);
return {
  write: (text, full) => { apply(applySync, $1, [undefined, ['out', text, full], none]); },
  final: (json) => { apply(applySync, $1, [undefined, ['final', json, json.length], none]); },
  callSync: (request, next) => apply(applySyncPromise, $0, [undefined, [request, next], none]),
  callAsync: (request) => apply(then, apply(applyAsync, $2, [undefined, [request], asPromise]), [unlessEnded]),
};`;

/** What one turn of the event loop sends goes as one batch: a bomb's 10,000 calls cross in a few IPC messages. */
let outbox: FromIsolate[] = [];
const send = (message: FromIsolate): void => {
  outbox.push(message);
  if (outbox.length === 1) setImmediate(flush);
};
function flush(): void {
  const messages = outbox;
  outbox = [];
  process.send?.(messages.length === 1 ? messages[0] : { type: 'batch', messages });
}

interface PendingCall {
  cell: number;
  sync: boolean;
  request: string;
  resolve: (reply: string) => void;
}

class IsolateHost {
  private isolate?: IsolatedVM.Isolate;
  private context?: IsolatedVM.Context;
  private cell = -1;
  /** Calls made after this time (the cell's deadline; 0 once it ended or was stopped) are dropped here, never sent. */
  private acceptUntil = 0;
  private stop?: (reason: Stop) => void;
  private nextCall = 0;
  /** The blocking call a stop cancelled, to name it in the cell's error. */
  private stoppedIn?: string;
  private readonly pending = new Map<number, PendingCall>();
  /** Replies the host sent ahead for this cell, by request: a blocking call of that very text takes one at once. */
  private sentAhead = new Map<string, string>();

  constructor(
    private readonly ivm: Ivm,
    private readonly start: IsolateStart,
  ) {}

  async boot(): Promise<void> {
    // V8 cannot unwind from some heap exhaustions; isolated-vm then calls this hook and the
    // isolate is lost. End the process at once (the parent restarts it): no core dump, no hang.
    const onCatastrophicError = (message: string) => {
      writeSync(2, `${OUT_OF_MEMORY_MARK}: ${message}\n`);
      process.kill(process.pid, 'SIGKILL');
    };
    const isolate = new this.ivm.Isolate({ memoryLimit: this.start.memoryMb, onCatastrophicError });
    const context = await isolate.createContext();
    const callSync = new this.ivm.Reference((request: unknown, next: unknown) => this.call(request, true, next));
    const write = new this.ivm.Reference((kind: unknown, text: unknown, full: unknown) => this.onWrite(kind, text, full));
    const callAsync = new this.ivm.Reference((request: unknown) => this.call(request, false));
    // `__name`: esbuild's keepNames helper, which transpiled runtime source may call.
    const install = `const __name = (f) => f; ${guestRuntimeSource(`(() => {${ADAPTER}})()`, this.start.guest)};`;
    await context.evalClosure(install, [callSync, write, callAsync, CELL_ENDED_REPLY], { timeout: 5_000 });
    this.isolate = isolate;
    this.context = context;
  }

  /**
   * Every promise handed to the isolate is settled, never dropped: isolated-vm rejects the guest
   * side of a collected one ("Promise was abandoned"), and when no guest code handles that, it
   * throws it as the error of the isolate's next task: a later cell "could not start".
   */
  private call(request: unknown, sync: boolean, next?: unknown): Promise<string> {
    const call = ++this.nextCall;
    const text = typeof request === 'string' ? request : '';
    const accepted = Date.now() <= this.acceptUntil;
    // After this call, so the host answers it first: the host may answer the call the guest
    // expects next while the guest uses this reply.
    const speculate = () => {
      if (accepted && sync && typeof next === 'string') send({ type: 'speculate', cell: this.cell, request: next });
    };
    const ahead = accepted && sync ? this.sentAhead.get(text) : undefined;
    if (ahead !== undefined) {
      this.sentAhead.delete(text);
      speculate();
      return Promise.resolve(ahead);
    }
    const answered = new Promise<string>((resolve) => this.pending.set(call, { cell: this.cell, sync, request: text, resolve }));
    // A stopped cell's calls would only queue up ahead of its 'done' (a bomb makes 10,000): not sent;
    // a blocking one is answered at once, an async one when the cell's run ends (endCalls).
    if (accepted) send({ type: 'call', cell: this.cell, call, request: text, sync });
    else if (sync) this.reply(call, CELL_ENDED_REPLY);
    speculate();
    return answered;
  }

  reply(call: number, reply: string): void {
    const pending = this.pending.get(call);
    // An async reply that comes after its cell was stopped waits for the cell's end, and is
    // dropped there: no guest code of a stopped cell runs again.
    if (!pending || (!pending.sync && (pending.cell !== this.cell || this.acceptUntil === 0))) return;
    this.pending.delete(call);
    pending.resolve(reply);
  }

  /**
   * A reply the host made ahead of the guest's call: it answers that call if it is waiting, else
   * waits for it, within this cell only (the newest few are kept).
   */
  replyAhead(cell: number, request: string, reply: string): void {
    if (cell !== this.cell || this.acceptUntil === 0) return;
    for (const [call, pending] of this.pending) {
      if (pending.sync && pending.cell === cell && pending.request === request) return this.reply(call, reply);
    }
    if (this.sentAhead.size >= SENT_AHEAD_KEPT) this.sentAhead.delete(this.sentAhead.keys().next().value!);
    this.sentAhead.set(request, reply);
  }

  /** The cell is over: its calls still waiting are answered "ended", and the guest drops them. */
  private endCalls(): void {
    this.sentAhead = new Map();
    for (const { resolve } of this.pending.values()) resolve(CELL_ENDED_REPLY);
    this.pending.clear();
  }

  private onWrite(kind: unknown, text: unknown, full: unknown): void {
    if (typeof text !== 'string') return;
    if (kind === 'out') send({ type: 'write', cell: this.cell, text, full: typeof full === 'number' ? full : text.length });
    else if (kind === 'final') send({ type: 'final', cell: this.cell, json: text });
  }

  /** Sent by the parent at the deadline (which it keeps) or on cancel. */
  stopCell(cell: number, reason: Stop): void {
    if (cell !== this.cell || !this.stop) return;
    this.acceptUntil = 0;
    // Now, before the host's own 'cancelled' reply (queued right behind) answers the call.
    this.stoppedIn = this.cancelBlockingCall();
    this.stop(reason);
  }

  async run(message: Extract<ToIsolate, { type: 'run' }>): Promise<void> {
    this.cell = message.cell;
    this.acceptUntil = Date.now() + message.timeoutMs;
    this.stoppedIn = undefined;
    let result: Partial<CellResult>;
    // Only what fails before the cell runs (boot, compile) "could not start" it.
    const prepared = await this.prepare(message).catch((e: unknown) => ({ failed: startFailure(e) }));
    if ('failed' in prepared) result = prepared.failed;
    else {
      const { script, rebooted } = prepared;
      try {
        result = await this.runScript(script, message.timeoutMs);
        if (rebooted) result = { ...result, restarted: true };
        script.release();
      } catch (e) {
        result = { error: `Internal sandbox error while the cell ran: ${(e as Error).message}` };
      }
    }
    this.acceptUntil = 0;
    this.endCalls();
    send({ type: 'done', cell: message.cell, outcome: result });
  }

  /** Compiles the cell; V8 may dispose an exhausted isolate after its cell ended, so one fresh boot is allowed. */
  private async prepare(message: Extract<ToIsolate, { type: 'run' }>): Promise<{ script: IsolatedVM.Script; rebooted: boolean }> {
    for (let rebooted = false; ; rebooted = true) {
      try {
        if (!this.isolate || this.isolate.isDisposed) await this.boot();
        this.takeLeftRejection();
        if (message.globals.length) this.context!.evalSync(`var ${message.globals.join(', ')};`, { timeout: 1_000 });
        return { script: await this.isolate!.compileScript(message.code, { filename: 'cell.js' }), rebooted };
      } catch (e) {
        if (rebooted || !/disposed/i.test((e as Error).message)) throw e;
        this.restart();
      }
    }
  }

  /**
   * isolated-vm throws a promise rejection no guest code handled as the error of the isolate's
   * next task: one an earlier cell left behind (`llm(q).then(() => { throw … })`, not awaited)
   * would fail this cell's start. An empty task takes it first; the cell's output says what it was.
   */
  private takeLeftRejection(): void {
    try {
      this.context!.evalSync('undefined');
    } catch (e) {
      const message = (e as Error).message;
      if (/disposed/i.test(message)) throw e;
      const text = `[an earlier cell left a promise rejected with nothing to handle it: ${message}]\n`;
      send({ type: 'write', cell: this.cell, text, full: text.length });
    }
  }

  /** Runs the compiled cell, racing it against the wall-clock limit and a cancel message. */
  private async runScript(script: IsolatedVM.Script, timeoutMs: number): Promise<Partial<CellResult>> {
    const isolate = this.isolate!;
    const stopped = new Promise<Stop>((resolve) => (this.stop = resolve));
    try {
      const running = script.run(this.context!, { timeout: timeoutMs, promise: true, copy: true }).then(
        (reply) => ({ reply: String(reply) }),
        (error: Error) => ({ error }),
      );
      const first = await Promise.race([running, stopped]);
      if (typeof first === 'string') return await this.interrupt(isolate, first, timeoutMs);
      if ('error' in first) return await this.failure(isolate, first.error, timeoutMs);
      return readCellReply(first.reply).result;
    } finally {
      this.stop = undefined;
    }
  }

  /** The cell is still pending at the deadline or on cancel: keep the isolate if it is idle. */
  private async interrupt(isolate: IsolatedVM.Isolate, reason: Stop, timeoutMs: number): Promise<Partial<CellResult>> {
    const what = reason === 'timeout' ? describeTimeout(timeoutMs) : 'The cell was cancelled.';
    const blocked = this.stoppedIn;
    if (blocked) await sleep(25); // let the cancelled call unwind before measuring
    const before = isolate.cpuTime;
    await sleep(25);
    if (!isolate.isDisposed && isolate.cpuTime === before) {
      return { error: blocked ? stoppedInHostCall(what, blocked) : neverSettledError(what) };
    }
    // Code is running after an await: the only way to stop it is to drop the isolate.
    this.restart();
    return {
      error: `${what} Code was still running, so the sandbox was restarted: variables from earlier cells are gone.`,
      restarted: true,
    };
  }

  /** Unblocks the isolate thread if it waits in a blocking host call; returns that call's name. */
  private cancelBlockingCall(): string | undefined {
    for (const [call, pending] of this.pending) {
      if (!pending.sync || pending.cell !== this.cell) continue;
      const name = /^\["([\w$]+)"/.exec(pending.request)?.[1] ?? 'a host function';
      this.reply(call, JSON.stringify({ ok: false, error: hostCallCancelled(name) }));
      return name;
    }
    return undefined;
  }

  private async failure(isolate: IsolatedVM.Isolate, error: Error, timeoutMs: number): Promise<Partial<CellResult>> {
    if (/timed out/i.test(error.message)) {
      return { error: `${describeTimeout(timeoutMs)} An endless loop? Variables from earlier cells are kept.` };
    }
    if (isolate.isDisposed || /disposed/i.test(error.message)) {
      this.restart();
      return { error: memoryLimitError(this.start.memoryMb), restarted: true };
    }
    return { error: `Internal sandbox error: ${error.message}` };
  }

  /** Drops the isolate; the next cell boots a fresh one. */
  private restart(): void {
    const isolate = this.isolate;
    this.isolate = undefined;
    this.context = undefined;
    if (isolate && !isolate.isDisposed) isolate.dispose();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Loaded before the start message arrives: a spare process is ready when a sandbox needs it.
// require, not import(): a native CommonJS module, loaded the way a Node host loads it (and
// through the same hooks, which the tests use to simulate a host with another ABI).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loading = new Promise<Ivm>((resolve) => resolve(require('isolated-vm') as Ivm));
loading.catch(() => {}); // reported on start

async function main(start: IsolateStart): Promise<void> {
  let host: IsolateHost;
  try {
    const ivm = await loading;
    host = new IsolateHost(ivm, start);
    await host.boot();
  } catch (e) {
    send({ type: 'startFailed', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  process.on('message', (message: ToIsolate) => {
    if (message.type === 'run') void host.run(message);
    else if (message.type === 'reply') host.reply(message.call, message.reply);
    else if (message.type === 'ahead') host.replyAhead(message.cell, message.request, message.reply);
    else if (message.type === 'stop') host.stopCell(message.cell, message.reason);
  });
  send({ type: 'ready' });
}

// Without its parent there is nothing to serve; a stuck isolate thread must not keep it alive.
process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
process.once('message', (message: ToIsolate) => {
  if (message.type === 'start') void main(message.start);
});
