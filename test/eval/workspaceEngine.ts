// One folder on disk as the evaluation and the benchmarks open it through the Node hosts'
// composition root (src/host/): secret files hidden, the sandbox engine `auto` unless asked
// otherwise, and the symbol cache in a folder the caller chooses (in memory without one), so
// benchmark and evaluation runs never touch the user's cache.
import { basename, resolve } from 'node:path';
import type { WorkspaceOptions } from '../../src/host/workspace.js';
import { SandboxEngines, type SandboxEngineChoice } from '../../src/sandbox/createSandbox.js';

/** One per process, as in the CLI: `auto` finds out once whether isolated-vm loads. */
const engines = new SandboxEngines();

export function folderWorkspace(
  folder: string,
  options: { symbolCacheDir?: string; cellTimeoutMs?: number; engine?: SandboxEngineChoice } = {},
): WorkspaceOptions {
  const path = resolve(folder);
  return {
    roots: [{ path, name: basename(path) }],
    allowSecrets: false,
    symbolCacheDir: options.symbolCacheDir,
    sandbox: {
      engine: options.engine ?? 'auto',
      engines,
      ...(options.cellTimeoutMs !== undefined ? { cellTimeoutMs: options.cellTimeoutMs } : {}),
    },
  };
}
