// The isolate processes, forked ahead: starting one loads Node and isolated-vm (~1 s under load),
// so a sandbox takes one that is ready. Kept apart from the sandbox so the CLI can fork one first
// thing, while it is still loading its own modules.
import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { bundledFile } from '../../bundledFile.js';

let spare: ChildProcess | undefined;

/** Forks a process for the next sandbox, unless one waits already. */
export function forkSpare(): void {
  spare ??= forkIsolateProcess();
}

/** The waiting process, or a new one; it keeps the host alive until the sandbox unrefs it. */
export function takeIsolateProcess(): ChildProcess {
  const child = spare?.connected ? spare : forkIsolateProcess();
  spare = undefined; // taken, or gone (a dead one must not block the next fork)
  keepAlive(child, true);
  return child;
}

/**
 * The isolate process's environment: the host's, run as plain Node. It makes no TLS connection, so it
 * skips NODE_EXTRA_CA_CERTS, which Node 20 reads and parses at start-up (~50 ms of CPU for a
 * system bundle) before it runs any code: that start is on the way to the first cell.
 */
export function isolateProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // Electron (desktop VS Code) runs its binary as plain Node only with ELECTRON_RUN_AS_NODE.
  const child: NodeJS.ProcessEnv = { ...env, ELECTRON_RUN_AS_NODE: '1' };
  delete child.NODE_EXTRA_CA_CERTS;
  return child;
}

/**
 * Node flags of the isolate process. `--max-semi-space-size` (MB): isolated-vm sizes the isolate's
 * young generation from its memory limit, 4 MB at the default 256 MB, so the row objects of a grep of
 * 189k matches, live while they are built, go through several scavenges into the old generation:
 * ~40 ms of the cell's CPU, more than building them. The flag wins over that size (V8's heap
 * configuration reads it last); the space grows only when a cell allocates that much.
 */
export const ISOLATE_PROCESS_FLAGS = ['--no-node-snapshot', '--max-semi-space-size=32'];

function forkIsolateProcess(): ChildProcess {
  const child = fork(bundledFile('isolateProcess.js'), [], {
    env: isolateProcessEnv(process.env),
    execArgv: ISOLATE_PROCESS_FLAGS,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    // Strings are copied as they are, not escaped again inside JSON: big grep results cross fast.
    serialization: 'advanced',
  });
  child.on('error', () => child.kill('SIGKILL'));
  keepAlive(child, false);
  return child;
}

/** Whether the isolate process (and its pipes) keep the host's event loop alive. */
export function keepAlive(child: ChildProcess, on: boolean): void {
  // With stdio 'pipe' stderr is a net.Socket, which has ref/unref.
  for (const handle of [child, child.channel, child.stderr as Socket | null]) {
    if (on) handle?.ref();
    else handle?.unref();
  }
}
