// Runs the ripgrep binary that ships with @vscode/ripgrep: no shell, streamed output, abortable.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { liveEvents, takeEarlyRipgrep } from './rgEarly.js';
import { Spool, SPOOL_POLL_MS } from './rgSpool.js';

let cachedPath: string | undefined;

/**
 * Path of the rg binary. The @vscode/ripgrep package is ESM-only, so its platform package is
 * resolved directly; a system `rg` on PATH is the fallback.
 */
export function ripgrepPath(): string {
  if (cachedPath) return cachedPath;
  const binary = process.platform === 'win32' ? 'rg.exe' : 'rg';
  try {
    // __filename exists in the CommonJS bundle and under vitest; plain ESM falls back to the cwd.
    const from = typeof __filename === 'string' ? __filename : join(process.cwd(), 'package.json');
    const resolved = createRequire(from).resolve(`@vscode/ripgrep-${process.platform}-${process.arch}/bin/${binary}`);
    cachedPath = existsSync(resolved) ? resolved : binary;
  } catch {
    cachedPath = binary;
  }
  return cachedPath;
}

/** Characters of paths per ripgrep run when a list of files is searched: Windows caps a command line near 32k. */
export const PATH_BATCH_CHARS = process.platform === 'win32' ? 24_000 : 100_000;

/** `paths` cut into runs of at most `maxChars` characters (a longer single path is a run alone). */
export function pathBatches(paths: readonly string[], maxChars = PATH_BATCH_CHARS): string[][] {
  const batches: string[][] = [];
  let batch: string[] = [];
  let chars = 0;
  for (const path of paths) {
    if (batch.length > 0 && chars + path.length + 1 > maxChars) {
      batches.push(batch);
      batch = [];
      chars = 0;
    }
    batch.push(path);
    chars += path.length + 1;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

export interface RipgrepRun {
  args: readonly string[];
  cwd: string;
  /** Record separator of rg's stdout: "\n" for --json, "\0" for --files --null. */
  separator: '\n' | '\0';
  onRecord: (record: string) => void;
  /** Receives records as raw bytes instead (for output that may not be UTF-8); replaces onRecord. */
  onBytes?: (record: Buffer) => void;
  /**
   * Receives whole records many at a time, as raw bytes cut after a separator (the last one may
   * lack it when rg ends); replaces onRecord and onBytes. For big outputs parsed in bulk.
   */
  onChunk?: (records: Buffer) => void;
  signal?: AbortSignal;
  rgPath?: string;
  /** Text to search instead of files (rg reads it from stdin when its path argument is "-"). */
  input?: string;
  /** rg writes into a temporary file read as the event loop allows, not a pipe it waits on (rgSpool.ts): for a long output read while other work runs. */
  spool?: boolean;
  /**
   * With a spool: called when all of rg's output so far is read and rg still runs, so the thread
   * would wait; work that can wait for the walk's end goes here. True when it did some (the spool
   * is looked at again at once).
   */
  onIdle?: () => boolean;
}

export interface RipgrepExit {
  /** 0 = found something, 1 = nothing found, 2 = error (possibly after partial output). */
  code: number;
  stderr: string;
}

/** Spawns rg and feeds each stdout record to `onRecord`; rejects only when rg cannot start or the signal aborts. */
export function runRipgrep(run: RipgrepRun): Promise<RipgrepExit> {
  const { signal } = run;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  const rg = run.rgPath ?? ripgrepPath();
  return new Promise<RipgrepExit>((resolve, reject) => {
    // A run started ahead with these very arguments is taken over (rgEarly.ts): its output so far is in its spool.
    const early = run.spool && run.input === undefined ? takeEarlyRipgrep(rg, run.cwd, run.args) : undefined;
    const spool = early ? early.spool : run.spool ? Spool.open() : undefined;
    const child =
      early?.child ??
      spawn(rg, [...run.args], {
        cwd: run.cwd,
        stdio: ['pipe', spool ? spool.writeFd : 'pipe', 'pipe'],
        windowsHide: true,
      });
    const events = early?.events ?? liveEvents(child);
    if (!early) {
      spool?.closeWriter(); // rg holds its own copy
      child.stdin!.on('error', () => undefined); // rg may exit before reading all of its input
      child.stdin!.end(run.input); // no input: stdin closes at once
    }
    let stderr = '';
    let settled = false;
    let allRead = !spool;
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      spool?.close();
      action();
    };
    const onAbort = (): void => {
      child.kill();
      finish(() => reject(abortReason(signal)));
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    // A record may span many chunks (a 50 MB line): its pieces are held until its end arrives and
    // only new chunks are searched, so a long record costs its length once, not once per chunk.
    const separator = run.separator.charCodeAt(0);
    const onChunk = run.onChunk ?? (run.onBytes && eachRecord(run.onBytes, separator));
    let heldBytes: Buffer[] = [];
    let held: string[] = [];
    const takeBytes = (chunk: Buffer): void => {
      if (settled || !onChunk) return;
      const end = chunk.lastIndexOf(separator) + 1;
      if (end === 0) return void heldBytes.push(chunk);
      onChunk(heldBytes.length ? Buffer.concat([...heldBytes, chunk.subarray(0, end)]) : chunk.subarray(0, end));
      heldBytes = end < chunk.length ? [chunk.subarray(end)] : [];
    };
    const takeText = (chunk: string): void => {
      if (settled) return;
      if (!chunk.includes(run.separator)) return void held.push(chunk);
      const records = chunk.split(run.separator);
      records[0] = held.join('') + records[0];
      held = [records.pop() ?? ''];
      for (const record of records) if (record) run.onRecord(record);
    };
    // With a spool the output is read in slices, the event loop turning between them, also after
    // rg ends (its requests, e.g. the first model call's, go on meanwhile); the run ends once all is read.
    let spoolRead: (() => void) | undefined;
    if (spool) {
      const decoder = new StringDecoder('utf8');
      const take = onChunk ? takeBytes : (chunk: Buffer) => takeText(decoder.write(chunk));
      let exited = false;
      let waiting: NodeJS.Timeout | undefined;
      const poll = (): void => {
        waiting = undefined;
        if (settled) return;
        if (spool.read(take)) return void setImmediate(poll);
        if (!exited) return void (run.onIdle?.() ? setImmediate(poll) : (waiting = setTimeout(poll, SPOOL_POLL_MS)));
        if (!onChunk) takeText(decoder.end());
        allRead = true;
        spoolRead?.();
      };
      setImmediate(poll);
      events.onExit(() => {
        exited = true;
        if (waiting) {
          clearTimeout(waiting);
          setImmediate(poll);
        }
      });
    } else if (onChunk) {
      child.stdout!.on('data', takeBytes);
    } else {
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', takeText);
    }
    events.onStderr((chunk) => {
      if (stderr.length < 64_000) stderr += chunk;
    });
    events.onError((error) => finish(() => reject(new Error(`Could not run ripgrep (${rg}): ${error.message}`))));
    const end = (code: number | null): void =>
      finish(() => {
        const rest = held.join('');
        if (rest) run.onRecord(rest);
        if (heldBytes.length) onChunk?.(Buffer.concat(heldBytes));
        resolve({ code: code ?? 2, stderr: stderr.trim() });
      });
    events.onClose((code) => (allRead ? end(code) : (spoolRead = () => end(code))));
  });
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** onBytes on top of onChunk: each non-empty record of a chunk (whose last record may lack its separator). */
function eachRecord(onBytes: (record: Buffer) => void, separator: number): (records: Buffer) => void {
  return (records) => {
    for (let start = 0; start < records.length;) {
      const found = records.indexOf(separator, start);
      const end = found < 0 ? records.length : found;
      if (end > start) onBytes(records.subarray(start, end));
      start = end + 1;
    }
  };
}
