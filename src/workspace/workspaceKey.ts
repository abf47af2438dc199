// A stable name for a set of workspace roots, for cache folders. Kept apart from host/ so the CLI's
// listing chunk can name its cache folder without loading the host.
import { createHash } from 'node:crypto';

export function workspaceKey(rootPaths: readonly string[]): string {
  return createHash('sha1').update(rootPaths.join('\0')).digest('hex').slice(0, 16);
}
