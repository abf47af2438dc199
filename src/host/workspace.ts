// A workspace on disk opened for the engine, the same way for every Node host (CLI, extension,
// evaluation, tests): the file tree, symbols over one parse pool and cache, sandboxes of the
// chosen engine, and one dispose that closes them all.
import { SandboxEngines, type SandboxEngineChoice } from '../sandbox/createSandbox.js';
import type { Sandbox, SandboxOptions } from '../sandbox/sandbox.js';
import { SymbolCache } from '../symbols/symbolCache.js';
import { SymbolIndex } from '../symbols/symbolIndex.js';
import type { SymbolProvider } from '../symbols/types.js';
import { ParsePool } from '../symbols/workerPool.js';
import type { FileTree } from '../workspace/fileTree.js';
import { WorkspaceTree, type WorkspaceRoot, type WorkspaceTreeOptions } from '../workspace/workspaceTree.js';

export interface SandboxSetup {
  /** auto: isolated-vm where its native module loads, else quickjs. */
  engine: SandboxEngineChoice;
  /** One per host process, so `auto` finds out once what loads here; a fresh one when absent. */
  engines?: SandboxEngines;
  /** Per-cell time limit (default 60 s). */
  cellTimeoutMs?: number;
  /** Heap limit per sandbox (default 256 MB). */
  memoryMb?: number;
  /** Told of every sandbox started (the extension logs the engine of a run). */
  onStart?(sandbox: Sandbox): void;
}

export interface WorkspaceOptions {
  roots: readonly WorkspaceRoot[];
  /** Show secret files (.env, keys, credential stores) to the model. */
  allowSecrets: boolean;
  /** Replace credentials pasted into ordinary files with placeholders in everything handed out (default true). */
  redactSecrets?: boolean;
  /** Only files matching these globs are visible (empty or absent: all). */
  include?: readonly string[];
  /** More globs to hide (VS Code's `files.exclude`, the user's settings). */
  exclude?: readonly string[];
  /** Where symbols persist between runs; undefined keeps them in memory for this workspace only. */
  symbolCacheDir: string | undefined;
  /** Where the listing's credential scan keeps its clean verdicts between runs (WorkspaceTreeOptions.listingCacheDir). */
  listingCacheDir?: string;
  sandbox: SandboxSetup;
  /** Where the tree comes from: the extension keeps one per folders and rules between runs (TreeCache); default a new one. */
  trees?: { tree(options: WorkspaceTreeOptions): WorkspaceTree };
}

export interface HostWorkspace {
  tree: WorkspaceTree;
  /** Symbols over this tree or a scoped view of it; all share one parse pool and cache. */
  symbolsFor(tree: FileTree): SymbolProvider;
  createSandbox(options: SandboxOptions): Promise<Sandbox>;
  /** Starts parsing the likeliest files in the background, until dispose (see SymbolIndex.warmUp). */
  warmUp(): void;
  /**
   * Starts what a first cell most likely waits for, the listing and the symbol cache's pack, so
   * they load while the sandbox starts (`rlm exec`, `rlm repl`) instead of after it.
   */
  prefetch(): Promise<void>;
  /** Writes the symbol cache (an unwritable folder only costs speed) and stops the parse workers. */
  dispose(): Promise<void>;
}

export function openWorkspace(options: WorkspaceOptions): HostWorkspace {
  const treeOptions: WorkspaceTreeOptions = {
    roots: options.roots,
    allowSecrets: options.allowSecrets,
    redactSecrets: options.redactSecrets ?? true,
    include: options.include,
    exclude: options.exclude,
    ...(options.listingCacheDir !== undefined ? { listingCacheDir: options.listingCacheDir } : {}),
  };
  const tree = options.trees ? options.trees.tree(treeOptions) : new WorkspaceTree(treeOptions);
  const pool = new ParsePool();
  const cache = new SymbolCache(options.symbolCacheDir);
  const indexes: SymbolIndex[] = [];
  const warming = new AbortController();
  const { sandbox } = options;
  // The run's sandboxes share a warm spare (child rlm() calls skip the start), ended with the workspace.
  const sandboxes = (sandbox.engines ?? new SandboxEngines()).scope(sandbox.engine);
  const limits = {
    ...(sandbox.cellTimeoutMs !== undefined ? { cellTimeoutMs: sandbox.cellTimeoutMs } : {}),
    ...(sandbox.memoryMb !== undefined ? { memoryMb: sandbox.memoryMb } : {}),
  };
  return {
    tree,
    symbolsFor: (scoped) => {
      const index = new SymbolIndex({ tree: scoped, pool, cache });
      indexes.push(index);
      return index;
    },
    createSandbox: async (sandboxOptions) => {
      const started = await sandboxes.create({ ...sandboxOptions, ...limits });
      sandbox.onStart?.(started);
      return started;
    },
    warmUp: () => {
      const index = new SymbolIndex({ tree, pool, cache });
      indexes.push(index);
      void index.warmUp(warming.signal);
    },
    prefetch: async () => {
      // A failure here only means the cell's own call reports it.
      await Promise.all([tree.files(warming.signal).catch(() => undefined), cache.preload()]);
    },
    dispose: async () => {
      warming.abort();
      sandboxes.dispose();
      await Promise.all(indexes.map((index) => index.close()));
      pool.close();
    },
  };
}

export { workspaceKey } from '../workspace/workspaceKey.js';
