// Where the CLI keeps caches: one folder per workspace under the OS cache folder.
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import { workspaceKey } from '../workspace/workspaceKey.js';

export function osCacheDir(): string {
  if (process.env.RLM_CACHE_DIR) return process.env.RLM_CACHE_DIR;
  if (platform() === 'win32') return join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'ask-rlm', 'Cache');
  if (platform() === 'darwin') return join(homedir(), 'Library', 'Caches', 'ask-rlm');
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ask-rlm');
}

/** A stable folder for this set of workspace roots. */
export function workspaceCacheDir(rootPaths: readonly string[], kind: string): string {
  return join(osCacheDir(), workspaceKey(rootPaths), kind);
}
