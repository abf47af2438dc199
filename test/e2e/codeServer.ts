// A real VS Code for end-to-end tests: code-server 4.100.3 (installed by scripts/e2e/install.sh
// into .e2e/code-server), started detached on 127.0.0.1 with throwaway user data, extensions and
// XDG folders, so nothing from the machine's own VS Code or a previous run leaks in.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { installCached } from './extensionCache';
import { timed } from './phases';

const execFileAsync = promisify(execFile);

export const repoRoot = resolve(__dirname, '../..');

/** `$CODE_SERVER_BIN`, else the project-local install from scripts/e2e/install.sh. */
export function codeServerBin(): string {
  const bin = process.env.CODE_SERVER_BIN ?? join(repoRoot, '.e2e/code-server/node_modules/.bin/code-server');
  if (!existsSync(bin)) throw new Error(`code-server not found at ${bin}: run scripts/e2e/install.sh first`);
  return bin;
}

export interface CodeServerOptions {
  /** VSIX files installed (with `--install-extension`) before the server starts. */
  vsix?: string[];
  /** Extension ids started with `--enable-proposed-api` (the test-only chat helper needs it). */
  enableProposedApi?: string[];
  /** Merged over the default user settings. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server and its extension host (e.g. OPENAI_BASE_URL). */
  env?: Record<string, string>;
  /** How long to wait for the server to answer HTTP. */
  readyTimeoutMs?: number;
}

export interface CodeServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** The throwaway folder holding user data, extensions, XDG folders and the server log. */
  root: string;
  userDataDir: string;
  extensionsDir: string;
  /** code-server's own stdout and stderr. */
  logFile: string;
  /** `--install-extension` for a VSIX into this server's extensions folder (needs a reload to show up in an open window). */
  installExtension(vsix: string): Promise<void>;
  /** Copies the server log and VS Code's logs (extension host included) into `dir`. */
  collectLogs(dir: string): void;
  /** Stops the whole process group and removes the throwaway folder (kept when E2E_KEEP=1). */
  stop(): Promise<void>;
}

const defaultSettings = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
};

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const bin = codeServerBin();
  const root = mkdtempSync(join(tmpdir(), 'rlm-e2e-cs-'));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const xdg = join(root, 'xdg');
  for (const dir of [join(userDataDir, 'User'), extensionsDir, join(xdg, 'config'), join(xdg, 'data'), join(xdg, 'cache')]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify({ ...defaultSettings, ...options.settings }, null, 2));

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: join(xdg, 'config'),
    XDG_DATA_HOME: join(xdg, 'data'),
    XDG_CACHE_HOME: join(xdg, 'cache'),
    ...options.env,
  };
  // A VS Code terminal or code-server running these tests must not capture the child's CLI.
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.VSCODE_PID;
  const dirArgs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  const installInto = async (vsix: string, extensions: string): Promise<void> => {
    const args = ['--user-data-dir', userDataDir, '--extensions-dir', extensions, '--install-extension', resolve(vsix), '--force'];
    try {
      await execFileAsync(bin, args, { env, timeout: 120_000 });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`code-server --install-extension ${vsix} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    }
  };
  const installExtension = (vsix: string): Promise<void> => installInto(vsix, extensionsDir);
  await timed('extensions', () => installCached(bin, options.vsix ?? [], extensionsDir, installInto));

  const port = await freePort();
  const logFile = join(root, 'code-server.log');
  const logFd = openSync(logFile, 'a');
  const args = [
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...dirArgs,
    ...(options.enableProposedApi ?? []).flatMap((id) => ['--enable-proposed-api', id]),
  ];
  // Detached: its own process group, so stop() can end the server, its extension hosts and
  // their children (ripgrep, isolated-vm workers) in one signal.
  const child = spawn(bin, args, { env, detached: true, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  const server: CodeServer = {
    url,
    port,
    root,
    userDataDir,
    extensionsDir,
    logFile,
    installExtension,
    collectLogs(dir) {
      mkdirSync(dir, { recursive: true });
      if (existsSync(logFile)) cpSync(logFile, join(dir, 'code-server.log'));
      const logs = join(userDataDir, 'logs');
      if (existsSync(logs)) cpSync(logs, join(dir, 'vscode-logs'), { recursive: true });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await killGroup(child, exited);
      if (process.env.E2E_KEEP !== '1') rmSync(root, { recursive: true, force: true });
    },
  };

  try {
    await timed('code-server', () => waitForHttp(`${url}/healthz`, options.readyTimeoutMs ?? 30_000, child));
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- code-server log ---\n${log}`);
  }
  return server;
}

async function killGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined) return;
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // The group is already gone.
    }
  };
  signal('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), sleep(5_000).then(() => true)]);
  // Children may outlive the server's own exit; make sure the whole group is gone.
  signal('SIGKILL');
  if (timedOut) await Promise.race([exited, sleep(2_000)]);
}

/** A port the OS considers free right now (bound then released). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before answering ${url}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms (last: ${last})`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
