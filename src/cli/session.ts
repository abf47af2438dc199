// The CLI's side of opening a workspace: checks and names the folders given with --workspace
// and turns the common flags into the host's options (src/host/workspace.ts), which every
// command opens its workspace with.
import { BUILT_IN_HELP, createReplApi } from '../engine/repl/replApi.js';
import { openWorkspace, type WorkspaceOptions } from '../host/workspace.js';
import { SandboxEngines, type SandboxEngineChoice } from '../sandbox/createSandbox.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import type { WorkspaceTree } from '../workspace/workspaceTree.js';
import { workspaceCacheDir } from './cacheDir.js';
import { cliRoots } from './listingAhead.js';
import { UsageError } from './usageError.js';

export { UsageError };

export interface SessionOptions {
  workspaces: string[];
  query?: string;
  timeoutMs?: number;
  memoryMb?: number;
  allowSecrets?: boolean;
  /** Replace credentials inside ordinary files with placeholders (default true). */
  redactSecrets?: boolean;
  /** Globs: only matching files are shown (default: all). */
  include?: readonly string[];
  /** Globs hidden on top of .gitignore. */
  exclude?: readonly string[];
  /** Sandbox engine (default auto: isolated-vm where its native module loads, else quickjs). */
  engine?: SandboxEngineChoice;
  /** The first cell's code, when known before the sandbox starts: it is parsed meanwhile. */
  firstCell?: string;
}

export interface CliWorkspace {
  options: WorkspaceOptions;
  /** The folders, absolute: the caches are kept per set of roots. */
  rootPaths: string[];
}

/**
 * The folders checked (a missing one is a usage error) and the host's options for them.
 * `spares`: keep a sandbox ready for the next one (child RLMs); false for one sandbox per process.
 */
export function cliWorkspace(options: SessionOptions, trees?: WorkspaceOptions['trees'], spares = true): CliWorkspace {
  const roots = cliRoots(options.workspaces);
  const rootPaths = roots.map((r) => r.path);
  return {
    rootPaths,
    options: {
      roots,
      allowSecrets: options.allowSecrets ?? false,
      redactSecrets: options.redactSecrets ?? true,
      ...(options.include?.length ? { include: options.include } : {}),
      ...(options.exclude?.length ? { exclude: options.exclude } : {}),
      symbolCacheDir: workspaceCacheDir(rootPaths, 'symbols'),
      listingCacheDir: workspaceCacheDir(rootPaths, 'listing'),
      ...(trees ? { trees } : {}),
      sandbox: {
        engine: options.engine ?? 'auto',
        // Only the fallback is worth a line on stderr: it is slower, and the user may want to know why.
        engines: new SandboxEngines({
          spares,
          onAutoChoice: (engine, why) => {
            if (engine !== 'isolated-vm') process.stderr.write(`rlm: using the ${engine} sandbox (${why}).\n`);
          },
        }),
        ...(options.timeoutMs !== undefined ? { cellTimeoutMs: options.timeoutMs } : {}),
        ...(options.memoryMb !== undefined ? { memoryMb: options.memoryMb } : {}),
      },
    },
  };
}

export interface Session {
  sandbox: Sandbox;
  tree: WorkspaceTree;
  /** Help text for every function and built-in the sandbox offers. */
  help: string;
  /** Stops the sandbox and parse workers and writes the caches. */
  dispose(): Promise<void>;
}

/** One sandbox over the workspace with the REPL API, for `exec` and `repl`. */
export async function openSession(options: SessionOptions): Promise<Session> {
  const workspace = openWorkspace(cliWorkspace(options, undefined, false).options);
  try {
    const { api, globals } = createReplApi({
      tree: workspace.tree,
      symbols: workspace.symbolsFor(workspace.tree),
      query: options.query ?? '',
    });
    const firstCell = options.firstCell !== undefined ? { firstCell: options.firstCell } : {};
    const starting = workspace.createSandbox({ functions: api.hostFunctions(), globals, ...firstCell });
    void workspace.prefetch();
    const sandbox = await starting;
    return {
      sandbox,
      tree: workspace.tree,
      help: `${api.describe()}\n${BUILT_IN_HELP}`,
      dispose: async () => {
        sandbox.dispose();
        await workspace.dispose();
      },
    };
  } catch (error) {
    await workspace.dispose();
    throw error;
  }
}
