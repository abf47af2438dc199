// The worker side of the quickjs engine (bundled as dist/quickjsWorker.js): one QuickJS
// runtime in WebAssembly, with the shared guest runtime installed. It boots before it knows its
// sandbox (a warm spare, quickJsSpare.ts) and gets the guest config in a `configure` message,
// once; it serves one sandbox and ends with it, so nothing carries over. Blocking host calls wait on
// a shared counter and read their reply with receiveMessageOnPort; async ones become guest
// promises settled when the main thread's reply message arrives.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import variant from '@jitl/quickjs-ng-wasmfile-release-sync';
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSContext, type QuickJSHandle } from 'quickjs-emscripten-core';
import { guestRuntimeSource, type GuestConfig } from '../guestRuntime.js';
import { hostCallCancelled } from '../hostBridge.js';
import { webAssembly } from './webAssembly.js';
import { classify, Control, type CellOutcome, type FromWorker, type SyncReply, type ToWorker, type WorkerStart } from './workerMessages.js';

const start = workerData as WorkerStart;
const control = new Int32Array(start.control);
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

interface RunningCell {
  cell: number;
  promise?: QuickJSHandle;
  /** Its async host calls not yet answered: while there are none, an unsettled promise never will settle. */
  inFlight: number;
}
let current: RunningCell | undefined;
let deadline = Infinity;
/** Set while leftover jobs of an ended cell are drained: every job is interrupted at once. */
let draining = false;
let nextCall = 0;
/** Each async call's `resolve`, kept until its reply comes. */
const pendingCalls = new Map<number, { cell: number; resolve: QuickJSHandle }>();

const stopRequested = () => draining || Atomics.load(control, Control.Stop) !== 0 || Date.now() > deadline;

const PAGE = 64 * 1024;
/** Room beyond the heap limit for QuickJS's own stack and static data. */
const RESERVED_PAGES = 256;
const MAX_PAGES = Math.ceil(start.memoryBytes / PAGE) + RESERVED_PAGES;
let wasmMemory: { buffer: ArrayBuffer } | undefined;

/**
 * How a failure ends the cell. Short of memory, QuickJS may throw null instead of its "out of
 * memory" error (it cannot build one); with the heap grown to its maximum that null is the limit.
 */
function outcomeOf(error: string): CellOutcome {
  return memoryExhausted() && /^(Uncaught )?null$/.test(error) ? { kind: 'oom' } : classify(error);
}

function memoryExhausted(): boolean {
  return (wasmMemory?.buffer.byteLength ?? 0) >= MAX_PAGES * PAGE * 0.9;
}

async function boot(): Promise<QuickJSContext> {
  // A fixed maximum is the real memory limit: QuickJS's own accounting (setMemoryLimit) misses
  // large strings and buffers in this build (quickjs-emscripten issues #255, #271), but growing
  // linear memory past the maximum fails, and QuickJS turns that into "out of memory".
  wasmMemory = new webAssembly.Memory({ initial: RESERVED_PAGES, maximum: MAX_PAGES });
  const quickjs = await newQuickJSWASMModuleFromVariant(newVariant(variant, { wasmModule: start.wasm, wasmMemory }));
  const runtime = quickjs.newRuntime();
  runtime.setMemoryLimit(start.memoryBytes);
  runtime.setInterruptHandler(stopRequested);
  return runtime.newContext();
}

/** Installs the guest runtime with four host channels that only take and give strings. */
function installRuntime(ctx: QuickJSContext, config: GuestConfig): void {
  const cellOf = () => current?.cell ?? -1;
  const text = (h: QuickJSHandle) => {
    if (ctx.typeof(h) !== 'string') throw new TypeError('host channel: expected a string');
    return ctx.getString(h);
  };
  const channels = [
    ctx.newFunction('write', (t, full) => {
      const written = text(t);
      const length = ctx.getNumber(full);
      post({ type: 'write', cell: cellOf(), text: written, full: Number.isFinite(length) ? length : written.length });
    }),
    ctx.newFunction('final', (json) => void post({ type: 'final', cell: cellOf(), json: text(json) })),
    ctx.newFunction('callSync', (request) => ctx.newString(callSync(text(request)))),
    ctx.newFunction('callAsync', (request, resolve) => {
      const call = ++nextCall;
      pendingCalls.set(call, { cell: cellOf(), resolve: resolve.dup() });
      if (current) current.inFlight++;
      post({ type: 'call', cell: cellOf(), call, request: text(request), sync: false });
    }),
  ];
  // `__name`: esbuild's keepNames helper, which transpiled runtime source may call. The guest makes
  // the promise of an async call (Promise taken before any cell runs): ctx.newPromise() reads its
  // handles through a view of the heap made before it allocates, and when that allocation grows
  // the heap the view is detached ("detached ArrayBuffer" in the 10,000 parallel llm() bomb).
  const source = `(function (write, final, callSync, callAsync) {
    const __name = (f) => f;
    const Promise = globalThis.Promise;
    ${guestRuntimeSource(
      `{
      write: (text, full) => { write(text, full); },
      final: (json) => { final(json); },
      callSync: (request) => callSync(request),
      callAsync: (request) => new Promise((resolve) => { callAsync(request, resolve); }),
    }`,
      config,
    )};
  })`;
  const installer = ctx.unwrapResult(ctx.evalCode(source, 'runtime.js'));
  ctx.unwrapResult(ctx.callFunction(installer, ctx.undefined, ...channels)).dispose();
  installer.dispose();
  for (const channel of channels) channel.dispose();
}

/** A blocking host call: the guest thread sleeps until the main thread posts the reply. */
function callSync(request: string): string {
  const call = ++nextCall;
  post({ type: 'call', cell: current?.cell ?? -1, call, request, sync: true });
  const syncPort = start.syncPort;
  for (;;) {
    const seen = Atomics.load(control, Control.SyncReplies);
    // Replies to calls an earlier, stopped cell abandoned are skipped.
    for (let m = receiveMessageOnPort(syncPort); m; m = receiveMessageOnPort(syncPort)) {
      const reply = m.message as SyncReply;
      if (reply.call === call) return reply.reply;
    }
    if (stopRequested()) throw new Error(hostCallCancelled(/^\["([\w$]+)"/.exec(request)?.[1] ?? 'a host function'));
    Atomics.wait(control, Control.SyncReplies, seen, 50);
  }
}

function describe(ctx: QuickJSContext, error: QuickJSHandle): string {
  const e = ctx.dump(error) as { name?: unknown; message?: unknown } | unknown;
  error.dispose();
  return e && typeof e === 'object' && 'message' in e ? `${String((e as { name?: unknown }).name)}: ${String(e.message)}` : String(e);
}

function run(ctx: QuickJSContext, message: Extract<ToWorker, { type: 'run' }>): void {
  current = { cell: message.cell, inFlight: 0 };
  deadline = message.deadline;
  if (message.globals.length) {
    const declared = ctx.evalCode(`var ${message.globals.join(', ')};`, 'globals.js');
    if (declared.error) return finish(ctx, outcomeOf(describe(ctx, declared.error)));
    declared.value.dispose();
  }
  const result = ctx.evalCode(message.code, 'cell.js');
  if (result.error) return finish(ctx, outcomeOf(describe(ctx, result.error)));
  current.promise = result.value;
  pump(ctx);
}

/** Runs pending jobs, then ends the cell if its promise settled or can never settle. */
function pump(ctx: QuickJSContext): void {
  const cell = current;
  if (!cell?.promise) return;
  const jobs = ctx.runtime.executePendingJobs();
  if (jobs.error) return finish(ctx, outcomeOf(describe(ctx, jobs.error)));
  const state = ctx.getPromiseState(cell.promise);
  if (state.type === 'fulfilled') {
    const reply = ctx.getString(state.value);
    state.value.dispose();
    const error = (JSON.parse(reply) as { error?: unknown }).error;
    return finish(ctx, typeof error === 'string' && outcomeOf(error).kind === 'oom' ? { kind: 'oom' } : { kind: 'reply', reply });
  }
  if (state.type === 'rejected') {
    const error = describe(ctx, state.error);
    const outcome = outcomeOf(error);
    return finish(ctx, outcome.kind === 'internal' ? { kind: 'internal', message: error } : outcome);
  }
  // A promise left pending with the heap at its maximum was dropped by an out-of-memory job.
  if (cell.inFlight === 0) finish(ctx, memoryExhausted() ? { kind: 'oom' } : { kind: 'stuck' });
}

function finish(ctx: QuickJSContext, outcome: CellOutcome): void {
  const cell = current;
  if (!cell) return;
  post({ type: 'done', cell: cell.cell, outcome });
  // Leftover jobs belong to the ended cell: interrupt them (their writes carry its number).
  draining = true;
  for (let i = 0; i < 100 && ctx.runtime.hasPendingJob(); i++) {
    const jobs = ctx.runtime.executePendingJobs();
    if (jobs.error) jobs.error.dispose();
  }
  draining = false;
  cell.promise?.dispose();
  current = undefined;
  deadline = Infinity;
}

function onReply(ctx: QuickJSContext, call: number, reply: string): void {
  const pending = pendingCalls.get(call);
  if (!pending) return;
  pendingCalls.delete(call);
  // A reply for an ended cell is dropped: its code must not run on into a later cell.
  if (current && pending.cell === current.cell) {
    current.inFlight--;
    const value = ctx.newString(reply);
    const settled = ctx.callFunction(pending.resolve, ctx.undefined, value);
    value.dispose();
    (settled.error ?? settled.value).dispose();
  }
  pending.resolve.dispose();
  pump(ctx);
}

/** The guest runtime goes in once; cells run only after it. */
function configure(ctx: QuickJSContext, config: GuestConfig): boolean {
  try {
    installRuntime(ctx, config);
    post({ type: 'ready' });
    return true;
  } catch (error) {
    post({ type: 'startFailed', message: (error as Error).message });
    return false;
  }
}

boot().then(
  (ctx) => {
    let configured = false;
    port.on('message', (message: ToWorker) => {
      if (message.type === 'configure') configured ||= configure(ctx, message.config);
      else if (!configured) return;
      else if (message.type === 'run') run(ctx, message);
      else if (message.type === 'reply') onReply(ctx, message.call, message.reply);
      else if (message.type === 'stop' && current?.cell === message.cell) finish(ctx, { kind: 'stopped', running: false });
    });
    post({ type: 'booted' });
  },
  (error: Error) => post({ type: 'startFailed', message: error.message }),
);
