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
  /** Jobs sent to the worker, oldest (the one it is parsing) first. */
  sent: Job[];
  /** Stops the worker if its current job outlives the parse limit. */
  watchdog?: NodeJS.Timeout;
  retire: boolean;
}

interface Job {
  request: ParseRequest;
  resolve: (result: FileSymbols) => void;
  background: boolean;
}

/**
 * Jobs a worker holds at once: the next file waits in the worker, so it need not wait for this
 * thread to answer (on a loaded machine, or while this thread reads files, that costs the worker
 * idle time between files).
 */
const DEPTH = 2;
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
    this.slots = Array.from({ length: size }, (): Slot => ({ sent: [], retire: false }));
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
    const pending = [...this.queue.splice(0), ...this.backgroundQueue.splice(0)];
    for (const slot of this.slots) {
      clearTimeout(slot.watchdog);
      pending.push(...slot.sent.splice(0));
      void slot.worker?.terminate();
    }
    for (const job of pending) job.resolve(failed('the symbol parser has been shut down'));
  }

  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      while (!slot.retire && slot.sent.length < DEPTH && !slot.sent.some((job) => job.background)) {
        const job =
          this.queue.shift() ?? (this.backgroundRunning === 0 && slot.sent.length === 0 ? this.backgroundQueue.shift() : undefined);
        if (!job) break;
        if (job.background) this.backgroundRunning++;
        this.send(slot, job);
      }
    }
  }

  private send(slot: Slot, job: Job): void {
    const worker = (slot.worker ??= this.spawn(slot));
    worker.ref(); // a pending parse keeps the process alive; an idle worker does not
    slot.sent.push(job);
    if (slot.sent.length === 1) this.watch(slot);
    worker.postMessage(job.request);
  }

  /** Times the job the worker is parsing now (the first sent). */
  private watch(slot: Slot): void {
    clearTimeout(slot.watchdog);
    if (slot.sent.length === 0) return;
    slot.watchdog = setTimeout(() => {
      this.stop(slot, failed(`parsing took longer than ${(this.parseTimeoutMs + WATCHDOG_GRACE_MS) / 1000} s and was stopped`));
    }, this.parseTimeoutMs + WATCHDOG_GRACE_MS);
  }

  private settle(slot: Slot, reply: ParseReply): void {
    const index = slot.sent.findIndex((job) => job.request.id === reply.id);
    if (index >= 0) this.finish(slot, index, reply.result ?? failed(`parsing failed: ${reply.error ?? 'unknown error'}`));
  }

  /**
   * Resolves a sent job (replies come in order, so the first); a worker that parsed a very large
   * file is replaced once it holds no other.
   */
  private finish(slot: Slot, index: number, result: FileSymbols): void {
    const [job] = slot.sent.splice(index, 1);
    if (job.request.text.length >= RECYCLE_CHARS) slot.retire = true;
    if (job.background) this.backgroundRunning--;
    if (index === 0) this.watch(slot);
    if (slot.sent.length === 0) {
      slot.worker?.unref();
      if (slot.retire) this.retire(slot);
    }
    job.resolve(result);
    this.pump();
  }

  /** The worker failed on its first sent job: that job gets `result`, the others wait for a new worker. */
  private stop(slot: Slot, result: FileSymbols): void {
    const [, ...waiting] = slot.sent;
    slot.sent.splice(1);
    for (const job of waiting.reverse()) {
      if (job.background) this.backgroundRunning--;
      (job.background ? this.backgroundQueue : this.queue).unshift(job);
    }
    slot.retire = true;
    this.finish(slot, 0, result);
  }

  private spawn(slot: Slot): Worker {
    slot.retire = false;
    this.spawned++;
    // No flags of ours (a loader such as tsx would be set up again in every worker, costing each ~1 s of CPU).
    const worker = new Worker(this.script, { execArgv: [] });
    const current = () => slot.worker === worker && slot.sent.length > 0;
    worker.on('message', (reply: ParseReply) => {
      if (slot.worker === worker) this.settle(slot, reply);
    });
    // An idle worker that fails (during prepare) is dropped, not left to take a parse it cannot answer.
    worker.on('error', (error: Error) => {
      if (current()) this.stop(slot, failed(`the parser crashed: ${error.message}`));
    });
    worker.once('exit', () => {
      if (current()) this.stop(slot, failed('the parser stopped unexpectedly'));
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
