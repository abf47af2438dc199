// The `ask` tool's optional scope: a folder of the workspace, and globs, as `rlm ask` takes
// them (--include, --exclude). A scope only narrows what the server shows: the folder becomes an
// include glob over its root (symlinks resolved, so it stays inside; paths stay workspace-relative
// and the server's own globs keep their meaning), excludes add to the server's own, and a folder
// or includes are refused when the server has its own --include (they would replace it).
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { WorkspaceOptions } from '../../host/workspace.js';
import type { WorkspaceRoot } from '../../workspace/workspaceTree.js';

export interface AskScope {
  /** Workspace-relative ("src/engine"; with several roots, "<root name>/src/engine") or absolute. */
  folder?: string;
  include?: readonly string[];
  exclude?: readonly string[];
}

/** The message is for the agent: what to pass instead. */
export class ScopeError extends Error {}

export function scopedWorkspace(base: WorkspaceOptions, scope: AskScope): WorkspaceOptions {
  const found = scope.folder !== undefined ? findFolder(base.roots, scope.folder) : undefined;
  const globs = scope.include ?? [];
  const include = found?.rel
    ? (globs.length ? globs : ['**']).map((g) => `${escapeGlob(found.rel)}/${g.includes('/') || g === '**' ? g : `**/${g}`}`)
    : globs;
  if (include.length && base.include?.length)
    throw new ScopeError(
      `This server shows only ${base.include.join(', ')} (its --include), so ask takes no folder or include of its own; use exclude to narrow it.`,
    );
  const exclude = [...(base.exclude ?? []), ...(scope.exclude ?? [])];
  return {
    ...base,
    roots: found ? [found.root] : base.roots,
    ...(include.length ? { include } : {}),
    ...(exclude.length ? { exclude } : {}),
  };
}

/** The root holding the folder and the folder's path in it ("" for the root itself). */
function findFolder(roots: readonly WorkspaceRoot[], folder: string): { root: WorkspaceRoot; rel: string } | undefined {
  const [first, ...rest] = folder.split(/[\\/]/);
  const candidates = isAbsolute(folder)
    ? roots.map((root) => ({ root, path: folder }))
    : roots.flatMap((root) => [
        { root, path: join(root.path, folder) },
        ...(roots.length > 1 && first === root.name ? [{ root, path: join(root.path, ...rest) }] : []),
      ]);
  for (const { root, path } of candidates) {
    const real = realDirectory(path);
    const top = realDirectory(root.path);
    if (!real || !top) continue;
    const rel = relative(top, real);
    if (rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))) return { root, rel: rel.split(sep).join('/') };
  }
  const names = roots.map((r) => r.name).join(', ');
  throw new ScopeError(
    `No folder "${folder}" in the workspace (${names}); give a folder inside it, relative to the workspace (e.g. "src"), or leave folder out.`,
  );
}

/** A folder name taken literally in a glob. */
function escapeGlob(path: string): string {
  return path.replace(/[*?[\]{}!\\]/g, '\\$&');
}

function realDirectory(path: string): string | undefined {
  try {
    const real = realpathSync(path);
    return statSync(real).isDirectory() ? real : undefined;
  } catch {
    return undefined;
  }
}
