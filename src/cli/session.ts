// A workspace on disk wired the way every CLI command needs it: the file tree, its symbols,
// and sandboxes with the user's limits.
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { BUILT_IN_HELP, createReplApi } from '../engine/repl/replApi.js';
import { SandboxEngines, type SandboxEngineChoice } from '../sandbox/createSandbox.js';
import type { Sandbox, SandboxOptions } from '../sandbox/sandbox.js';
import { SymbolCache } from '../symbols/symbolCache.js';
import { SymbolIndex } from '../symbols/symbolIndex.js';
import type { SymbolProvider } from '../symbols/types.js';
import { ParsePool } from '../symbols/workerPool.js';
import type { FileTree } from '../workspace/fileTree.js';
import { WorkspaceTree } from '../workspace/workspaceTree.js';
import { workspaceCacheDir } from './cacheDir.js';

export interface SessionOptions {
  workspaces: string[];
  query?: string;
  timeoutMs?: number;
  memoryMb?: number;
  allowSecrets?: boolean;
  /** Replace credentials inside ordinary files with placeholders (default true). */
  redactSecrets?: boolean;
  /** Sandbox engine (default auto: isolated-vm where its native module loads, else quickjs). */
  engine?: SandboxEngineChoice;
}

/** A mistake in how the command was called: reported without a stack, exit code 2. */
export class UsageError extends Error {}

export interface Workspace {
  tree: WorkspaceTree;
  rootPaths: string[];
  /** Symbols over this tree or a scoped view of it; all share one parser pool and cache. */
  symbolsFor(tree: FileTree): SymbolProvider;
  createSandbox(options: SandboxOptions): Promise<Sandbox>;
  /** Starts parsing the likeliest files in the background, until dispose (see SymbolIndex.warmUp). */
  warmUp(): void;
  /** Stops the parse workers and writes the caches. */
  dispose(): Promise<void>;
}

export async function openWorkspace(options: SessionOptions): Promise<Workspace> {
  const roots = options.workspaces.map((dir) => {
    const path = resolve(dir);
    if (!existsSync(path) || !statSync(path).isDirectory()) {
      throw new UsageError(`workspace folder not found: ${dir} (pass an existing folder with --workspace DIR)`);
    }
    return { path, name: basename(path) || path };
  });
  const rootPaths = roots.map((r) => r.path);
  const tree = new WorkspaceTree({ roots, allowSecrets: options.allowSecrets ?? false, redactSecrets: options.redactSecrets ?? true });
  const pool = new ParsePool();
  const cache = new SymbolCache(workspaceCacheDir(rootPaths, 'symbols'));
  const indexes: SymbolIndex[] = [];
  const warming = new AbortController();
  const engines = new SandboxEngines({
    // Only the fallback is worth a line on stderr: it is slower, and the user may want to know why.
    onAutoChoice: (engine, why) => {
      if (engine !== 'isolated-vm') process.stderr.write(`rlm: using the ${engine} sandbox (${why}).\n`);
    },
  });
  return {
    tree,
    rootPaths,
    symbolsFor: (scoped) => {
      const index = new SymbolIndex({ tree: scoped, pool, cache });
      indexes.push(index);
      return index;
    },
    createSandbox: (sandboxOptions) =>
      engines.create(
        {
          ...sandboxOptions,
          ...(options.timeoutMs !== undefined ? { cellTimeoutMs: options.timeoutMs } : {}),
          ...(options.memoryMb !== undefined ? { memoryMb: options.memoryMb } : {}),
        },
        options.engine ?? 'auto',
      ),
    warmUp: () => {
      const index = new SymbolIndex({ tree, pool, cache });
      indexes.push(index);
      void index.warmUp(warming.signal);
    },
    dispose: async () => {
      warming.abort();
      await Promise.all(indexes.map((index) => index.close()));
      pool.close();
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
  const workspace = await openWorkspace(options);
  const { api, globals } = createReplApi({ tree: workspace.tree, symbols: workspace.symbolsFor(workspace.tree), query: options.query ?? '' });
  const sandbox = await workspace.createSandbox({ functions: api.hostFunctions(), globals });
  return {
    sandbox,
    tree: workspace.tree,
    help: `${api.describe()}\n${BUILT_IN_HELP}`,
    dispose: async () => {
      sandbox.dispose();
      await workspace.dispose();
    },
  };
}
