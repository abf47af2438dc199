// A small pool of parse workers. Parsing is CPU work; running it on worker threads keeps the
// extension host and the CLI responsive, and lets several files parse at once. A worker that
// parsed a very large file is replaced afterwards: WebAssembly memory never shrinks.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { bundledFile } from '../bundledFile.js';
import type { ParseReply, ParseRequest, PrepareRequest } from './parseWorker.js';
import type { FileSymbols, ParseOptions, SymbolParser } from './types.js';

export interface PoolOptions {
  /** Worker count (default: available cores, at most 4). */
  size?: number;
  /** The bundled worker script; found next to this module or in dist/ by default. */
  workerScript?: string;
  /** Per-file parse limit inside the worker (default 10 s). */
  parseTimeoutMs?: number;
}

interface Slot {
  worker?: Worker;
  busy: boolean;
  retire: boolean;
}

interface Job {
  request: ParseRequest;
  resolve: (result: FileSymbols) => void;
  background: boolean;
}

/** Files at least this large retire their worker after parsing, so its memory is given back. */
const RECYCLE_CHARS = 2_000_000;
/** A worker that stays silent this long past the parse limit is stopped. */
const WATCHDOG_GRACE_MS = 5_000;

export class ParsePool implements SymbolParser {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private readonly backgroundQueue: Job[] = [];
  private backgroundRunning = 0;
  private readonly script: string;
  private readonly parseTimeoutMs: number;
  private nextId = 1;
  private closed = false;
  /** Workers started so far (a recycled worker counts again); for tests and diagnostics. */
  spawned = 0;

  constructor(options: PoolOptions = {}) {
    const size = options.size ?? Math.max(1, Math.min(4, availableParallelism()));
    this.slots = Array.from({ length: size }, () => ({ busy: false, retire: false }));
    this.script = options.workerScript ?? bundledFile('parseWorker.js');
    this.parseTimeoutMs = options.parseTimeoutMs ?? 10_000;
  }

  /** Never rejects: failures come back as an empty result with a warning. */
  parse(language: string, text: string, options: ParseOptions = {}): Promise<FileSymbols> {
    if (this.closed) return Promise.resolve(failed('the symbol parser has been shut down'));
    const priority = options.priority ?? 'normal';
    return new Promise((resolve) => {
      const request = { id: this.nextId++, language, text, timeoutMs: this.parseTimeoutMs, references: options.references ?? true };
      const job = { request, resolve, background: priority === 'background' };
      (priority === 'background' ? this.backgroundQueue : this.queue).push(job);
      this.pump();
    });
  }

  /**
   * Starts every worker and has it load these languages' grammars now, while the caller does
   * other work (an outline ranks files meanwhile): a worker's start and a grammar's load cost
   * more than the dozen parses an outline needs.
   */
  prepare(languages: readonly string[]): void {
    if (this.closed || languages.length === 0) return;
    const request: PrepareRequest = { prepare: [...new Set(languages)] };
    for (const slot of this.slots) {
      const started = !!slot.worker;
      const worker = (slot.worker ??= this.spawn(slot));
      if (!started) worker.unref(); // an idle worker never keeps the process alive
      worker.postMessage(request);
    }
  }

  close(): void {
    this.closed = true;
    for (const slot of this.slots) void slot.worker?.terminate();
    for (const job of [...this.queue.splice(0), ...this.backgroundQueue.splice(0)])
      job.resolve(failed('the symbol parser has been shut down'));
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const job = this.queue.shift() ?? (this.backgroundRunning === 0 ? this.backgroundQueue.shift() : undefined);
      if (!job) return;
      if (job.background) this.backgroundRunning++;
      this.run(slot, job);
    }
  }

  private run(slot: Slot, job: Job): void {
    slot.busy = true;
    const worker = (slot.worker ??= this.spawn(slot));
    worker.ref(); // a pending parse keeps the process alive; an idle worker does not
    const finish = (result: FileSymbols) => {
      clearTimeout(watchdog);
      worker.unref();
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (job.request.text.length >= RECYCLE_CHARS) slot.retire = true;
      if (slot.retire) this.retire(slot);
      slot.busy = false;
      if (job.background) this.backgroundRunning--;
      job.resolve(result);
      this.pump();
    };
    const onMessage = (reply: ParseReply) => {
      if (reply.id !== job.request.id) return;
      finish(reply.result ?? failed(`parsing failed: ${reply.error ?? 'unknown error'}`));
    };
    const onError = (error: Error) => {
      slot.retire = true;
      finish(failed(`the parser crashed: ${error.message}`));
    };
    const onExit = () => {
      slot.worker = undefined;
      finish(failed('the parser stopped unexpectedly'));
    };
    const watchdog = setTimeout(() => {
      slot.retire = true;
      finish(failed(`parsing took longer than ${(this.parseTimeoutMs + WATCHDOG_GRACE_MS) / 1000} s and was stopped`));
    }, this.parseTimeoutMs + WATCHDOG_GRACE_MS);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(job.request);
  }

  private spawn(slot: Slot): Worker {
    slot.retire = false;
    this.spawned++;
    // No flags of ours (a loader such as tsx would be set up again in every worker, costing each ~1 s of CPU).
    const worker = new Worker(this.script, { execArgv: [] });
    // An idle worker that fails (during prepare) is dropped, not left to take a parse it cannot answer.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      if (slot.worker === worker) slot.worker = undefined;
    });
    return worker;
  }

  private retire(slot: Slot): void {
    const worker = slot.worker;
    slot.worker = undefined;
    slot.retire = false;
    void worker?.terminate();
  }
}

function failed(warning: string): FileSymbols {
  return { symbols: [], references: [], warning, transient: true };
}
