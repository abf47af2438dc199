// A folder on disk wired for the engine the way `rlm ask` wires it (file tree, symbols over one
// parser pool and cache, sandboxes of the chosen engine), with the symbol cache in a folder the caller
// chooses, so benchmarks and evaluation runs never touch the user's cache.
import { basename, resolve } from 'node:path';
import type { EngineServices } from '../../src/engine/engineContext.js';
import { SandboxEngines, type SandboxEngineChoice } from '../../src/sandbox/createSandbox.js';
import { SymbolCache } from '../../src/symbols/symbolCache.js';
import { SymbolIndex } from '../../src/symbols/symbolIndex.js';
import { ParsePool } from '../../src/symbols/workerPool.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';

export interface EngineWorkspace extends Pick<EngineServices, 'createSandbox' | 'symbolsFor'> {
  tree: WorkspaceTree;
  /** Stops the parse workers and writes the symbol cache. */
  dispose(): Promise<void>;
}

export function openEngineWorkspace(folder: string, options: { symbolCacheDir?: string; cellTimeoutMs?: number; engine?: SandboxEngineChoice } = {}): EngineWorkspace {
  const path = resolve(folder);
  const tree = new WorkspaceTree({ roots: [{ path, name: basename(path) }] });
  const pool = new ParsePool();
  const cache = new SymbolCache(options.symbolCacheDir);
  const indexes: SymbolIndex[] = [];
  const engines = new SandboxEngines();
  return {
    tree,
    symbolsFor: (scoped) => {
      const index = new SymbolIndex({ tree: scoped, pool, cache });
      indexes.push(index);
      return index;
    },
    createSandbox: (sandboxOptions) =>
      engines.create({ ...sandboxOptions, ...(options.cellTimeoutMs !== undefined ? { cellTimeoutMs: options.cellTimeoutMs } : {}) }, options.engine ?? 'auto'),
    dispose: async () => {
      await Promise.all(indexes.map((index) => index.close()));
      pool.close();
    },
  };
}
