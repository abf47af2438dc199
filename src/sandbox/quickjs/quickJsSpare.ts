// Booting quickjs workers, and the warm spare: a worker booted (thread, wasm instance, empty
// QuickJS context) before any sandbox needs it, so a child rlm() skips the start. A spare is
// configured for the one sandbox that takes it and ends with that sandbox: workers are never
// reused, so no state can pass from one sandbox (or run) to the next.
import { readFileSync } from 'node:fs';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { bundledFile } from '../../bundledFile.js';
import type { GuestConfig } from '../guestRuntime.js';
import { webAssembly } from './webAssembly.js';
import { CONTROL_SLOTS, type FromWorker, type ToWorker, type WorkerStart } from './workerMessages.js';

let compiled: Promise<WebAssembly.Module> | undefined;
/** The wasm is compiled once per process and shared with every worker. */
function quickJsWasm(): Promise<WebAssembly.Module> {
  compiled ??= Promise.resolve().then(() => webAssembly.compile(readFileSync(bundledFile('quickjs.wasm'))));
  compiled.catch(() => (compiled = undefined));
  return compiled;
}

/** A worker whose QuickJS context is up and empty, waiting for its configuration. */
export interface BootedWorker {
  worker: Worker;
  control: Int32Array;
  syncPort: MessagePort;
  memoryBytes: number;
  /** False once the thread ended: a spare that died while it waited is not handed out. */
  alive: boolean;
}

export type BootWorker = (memoryBytes: number) => Promise<BootedWorker>;

export const bootWorker: BootWorker = async (memoryBytes) => {
  const wasm = await quickJsWasm();
  const control = new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT);
  const { port1: syncPort, port2: workerSyncPort } = new MessageChannel();
  const workerData: WorkerStart = { wasm, memoryBytes, control, syncPort: workerSyncPort };
  const worker = new Worker(bundledFile('quickjsWorker.js'), { workerData, transferList: [workerSyncPort] });
  const booted: BootedWorker = { worker, control: new Int32Array(control), syncPort, memoryBytes, alive: true };
  // An idle spare's crash must not be an uncaught 'error'; its sandbox, once it has one, reports it.
  worker.on('error', () => undefined).once('exit', () => (booted.alive = false));
  // A spare, or a worker idle between cells, must not keep the CLI's process alive.
  worker.unref();
  await reply(worker, 'booted');
  return booted;
};

/** Installs the sandbox's guest runtime in a booted worker; a worker that fails is terminated. */
export async function configureWorker(booted: BootedWorker, config: GuestConfig): Promise<void> {
  if (!booted.alive) throw new Error('The quickjs sandbox did not start: its worker had exited.');
  const message: ToWorker = { type: 'configure', config };
  booted.worker.postMessage(message);
  await reply(booted.worker, 'ready');
}

function reply(worker: Worker, expected: 'booted' | 'ready'): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      off();
      reject(new Error(`The quickjs sandbox did not start: ${error.message}`));
    };
    const onExit = (code: number) => fail(new Error(`the worker exited (code ${code})`));
    const onMessage = (message: FromWorker) => {
      if (message.type === expected) return (off(), resolve());
      fail(new Error(message.type === 'startFailed' ? message.message : `unexpected ${message.type}`));
    };
    const off = () => worker.off('error', fail).off('exit', onExit).off('message', onMessage);
    worker.on('error', fail).on('exit', onExit).on('message', onMessage);
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
}

/**
 * One booted worker kept ready for the next sandbox of a scope (a run and its child RLMs). Each
 * take boots the next spare once the taken worker is up, so the two boots do not compete for the
 * CPU; dispose ends the spare, and takes after it boot a worker of their own.
 */
export class QuickJsSpare {
  private spare?: { memoryBytes: number; booted: Promise<BootedWorker> };
  private disposed = false;

  constructor(private readonly boot: BootWorker = bootWorker) {}

  /** A booted worker for a heap of `memoryBytes`: the spare when it fits, else a new one. */
  take(memoryBytes: number): Promise<BootedWorker> {
    const spare = this.spare;
    this.spare = undefined;
    const fits = spare?.memoryBytes === memoryBytes;
    if (spare && !fits) end(spare.booted);
    const taken = fits ? spare.booted.catch(() => this.boot(memoryBytes)) : this.boot(memoryBytes);
    taken.then(
      () => this.refill(memoryBytes),
      () => undefined,
    );
    return taken;
  }

  private refill(memoryBytes: number): void {
    if (this.disposed || this.spare) return;
    const booted = this.boot(memoryBytes);
    booted.catch(() => undefined);
    this.spare = { memoryBytes, booted };
  }

  dispose(): void {
    this.disposed = true;
    if (this.spare) end(this.spare.booted);
    this.spare = undefined;
  }
}

function end(booted: Promise<BootedWorker>): void {
  booted.then(
    ({ worker }) => void worker.terminate(),
    () => undefined,
  );
}
