// Workspace paths as the engine writes them ("src/a.ts", or "root/src/a.ts" with several roots)
// ↔ files on disk. No vscode import: the callers turn the result into a Uri.
import { isAbsolute, join, relative, sep } from 'node:path';

export interface MountedRoot {
  /** Absolute folder on disk. */
  path: string;
  /** The engine's prefix for this root when there are several. */
  name: string;
}

/** The file on disk for a workspace path, or undefined when it lies outside every root. */
export function resolveWorkspacePath(path: string, roots: readonly MountedRoot[]): string | undefined {
  const clean = path.replace(/^\.?\/+/, '');
  if (roots.length === 0 || clean.split('/').includes('..')) return undefined;
  if (roots.length === 1) return join(roots[0].path, ...clean.split('/'));
  const [head, ...rest] = clean.split('/');
  const root = roots.find((r) => r.name === head);
  return root ? join(root.path, ...rest) : undefined;
}

/** A folder's path relative to the root that holds it, POSIX style ("" for the root itself); undefined when outside. */
export function folderInRoot(folder: string, rootPath: string): string | undefined {
  const rel = relative(rootPath, folder);
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/** Splits "src/a.ts:12" or "src/a.ts:12-20" into path and line (1-based). */
export function parseCitation(citation: string): { path: string; line?: number } {
  const match = /^(.*?):(\d+)(?:-\d+)?$/.exec(citation.trim());
  return match ? { path: match[1], line: Number(match[2]) } : { path: citation.trim() };
}
