// A sandbox over a workspace on disk, wired the way every CLI command needs it.
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { BUILT_IN_HELP, createReplApi } from '../engine/repl/replApi.js';
import { createSandbox } from '../sandbox/createSandbox.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { SymbolIndex } from '../symbols/symbolIndex.js';
import { WorkspaceTree } from '../workspace/workspaceTree.js';
import { workspaceCacheDir } from './cacheDir.js';

export interface SessionOptions {
  workspaces: string[];
  query?: string;
  timeoutMs?: number;
  memoryMb?: number;
  allowSecrets?: boolean;
}

export interface Session {
  sandbox: Sandbox;
  tree: WorkspaceTree;
  /** Help text for every function and built-in the sandbox offers. */
  help: string;
  /** Stops the sandbox and parse workers and writes the caches. */
  dispose(): Promise<void>;
}

/** A mistake in how the command was called: reported without a stack, exit code 2. */
export class UsageError extends Error {}

export async function openSession(options: SessionOptions): Promise<Session> {
  const roots = options.workspaces.map((dir) => {
    const path = resolve(dir);
    if (!existsSync(path) || !statSync(path).isDirectory()) {
      throw new UsageError(`workspace folder not found: ${dir} (pass an existing folder with --workspace DIR)`);
    }
    return { path, name: basename(path) || path };
  });
  const tree = new WorkspaceTree({ roots, allowSecrets: options.allowSecrets ?? false });
  const symbols = new SymbolIndex({ tree, cacheDir: workspaceCacheDir(roots.map((r) => r.path), 'symbols') });
  const { api, globals } = createReplApi({ tree, symbols, query: options.query ?? '' });
  const sandbox = await createSandbox({
    functions: api.hostFunctions(),
    globals,
    ...(options.timeoutMs !== undefined ? { cellTimeoutMs: options.timeoutMs } : {}),
    ...(options.memoryMb !== undefined ? { memoryMb: options.memoryMb } : {}),
  });
  return {
    sandbox,
    tree,
    help: `${api.describe()}\n${BUILT_IN_HELP}`,
    dispose: async () => {
      sandbox.dispose();
      await symbols.close();
    },
  };
}
