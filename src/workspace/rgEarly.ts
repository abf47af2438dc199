// rg runs started before anyone asked for them: `rlm ask`'s entry point starts the listing's walk
// from its arguments before the CLI and the workspace tree load (src/cli/earlyWalk.ts). The
// first runRipgrep with the same binary, folder and arguments takes the run over, output and
// exit included, as if it had spawned it then; nothing else ever reads it. A run nobody takes
// is stopped (dropEarlyRipgrep, and at the latest when the process exits).
import { spawn, type ChildProcess } from 'node:child_process';
import { Spool } from './rgSpool.js';

/** What runRipgrep listens to on its rg, told again to a late listener of a run already under way. */
export interface RgEvents {
  onExit(listener: (code: number | null) => void): void;
  onClose(listener: (code: number | null) => void): void;
  onError(listener: (error: Error) => void): void;
  onStderr(listener: (chunk: string) => void): void;
}

export interface EarlyRun {
  child: ChildProcess;
  spool: Spool;
  events: RgEvents;
  /** Set once a runRipgrep took it over. */
  taken: boolean;
}

const waiting = new Map<string, EarlyRun>();

const keyOf = (rgPath: string, cwd: string, args: readonly string[]) => JSON.stringify([rgPath, cwd, args]);

/** Starts rg writing into a spool for a later runRipgrep to take; undefined when no spool could be made. */
export function startRipgrepEarly(rgPath: string, cwd: string, args: readonly string[]): EarlyRun | undefined {
  const key = keyOf(rgPath, cwd, args);
  const started = waiting.get(key);
  if (started) return started;
  const spool = Spool.open();
  if (!spool) return undefined;
  const child = spawn(rgPath, [...args], { cwd, stdio: ['pipe', spool.writeFd, 'pipe'], windowsHide: true });
  spool.closeWriter(); // rg holds its own copy
  child.stdin!.on('error', () => undefined);
  child.stdin!.end();
  // Until it is taken, the run keeps no process alive: a command that ends first just exits.
  child.unref();
  (child.stderr as { unref?(): void } | null)?.unref?.();
  if (waiting.size === 0) process.once('exit', dropEarlyRipgrep);
  const run: EarlyRun = { child, spool, events: recorded(child), taken: false };
  waiting.set(key, run);
  return run;
}

/** The early run with exactly this binary, folder and arguments, now the caller's; undefined when there is none. */
export function takeEarlyRipgrep(rgPath: string, cwd: string, args: readonly string[]): EarlyRun | undefined {
  const key = keyOf(rgPath, cwd, args);
  const run = waiting.get(key);
  if (!run) return undefined;
  waiting.delete(key);
  run.taken = true;
  run.child.ref();
  (run.child.stderr as { ref?(): void } | null)?.ref?.();
  return run;
}

/** Stops the early runs nobody took (their arguments matched no listing's). */
export function dropEarlyRipgrep(): void {
  for (const { child, spool } of waiting.values()) {
    child.kill();
    spool.close();
  }
  waiting.clear();
}

/** The events of a fresh rg, listened to directly. */
export function liveEvents(child: ChildProcess): RgEvents {
  return {
    onExit: (listener) => child.on('exit', listener),
    onClose: (listener) => child.on('close', listener),
    onError: (listener) => child.on('error', listener),
    onStderr: (listener) => {
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', listener);
    },
  };
}

/** Events recorded from the start, told to each listener as it comes, in the order they happened. */
function recorded(child: ChildProcess): RgEvents {
  let stderr = '';
  const stderrListeners: Array<(chunk: string) => void> = [];
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    if (stderrListeners.length === 0) stderr += chunk;
    for (const listener of stderrListeners) listener(chunk);
  });
  const once = <T>(event: 'exit' | 'close' | 'error') => {
    let fired: { value: T } | undefined;
    const listeners: Array<(value: T) => void> = [];
    child.once(event, (value: T) => {
      fired = { value };
      for (const listener of listeners) listener(value);
    });
    return (listener: (value: T) => void) => {
      if (fired) {
        const { value } = fired;
        // A listener added later still hears it on a later turn, as it would have from the process.
        setImmediate(() => listener(value));
      } else listeners.push(listener);
    };
  };
  const onExit = once<number | null>('exit');
  const onClose = once<number | null>('close');
  const onError = once<Error>('error');
  return {
    onExit,
    onClose,
    onError,
    onStderr: (listener) => {
      if (stderr) listener(stderr);
      stderr = '';
      stderrListeners.push(listener);
    },
  };
}
