// Turns a grep query's globs (workspace paths) into rg --glob arguments for one root.

export type PathKind = 'file' | 'dir' | undefined;

const GLOB_SPECIAL = /[*?[\]{}\\!]/g;

/**
 * Globs for root `rootIndex`, relative to that root, or undefined when the query has globs and
 * none of them can match inside this root. With several roots a glob starting with a root name
 * applies to that root only; any other glob applies to every root. An exact file path is escaped
 * (so "app/[id]/page.tsx" means that file) and a bare folder path means everything below it.
 */
export function globsForRoot(
  globs: readonly string[],
  roots: readonly string[],
  rootIndex: number,
  kindOf: (workspacePath: string) => PathKind,
): string[] | undefined {
  if (globs.length === 0) return [];
  const multiRoot = roots.length > 1;
  const result: string[] = [];
  for (const raw of globs) {
    let glob = raw.replace(/^(\.\/)+/, '');
    if (multiRoot) {
      const [first, ...rest] = glob.split('/');
      const owner = roots.indexOf(first);
      if (owner >= 0) {
        if (owner !== rootIndex) continue;
        glob = rest.join('/') || '**';
      }
    }
    const workspacePath = multiRoot ? `${roots[rootIndex]}/${glob.replace(/\/+$/, '')}` : glob.replace(/\/+$/, '');
    const kind = kindOf(workspacePath);
    if (kind === 'file') glob = escapeGlob(glob);
    else if (kind === 'dir' || (glob.endsWith('/') && glob.length > 1)) glob = `${escapeGlob(glob.replace(/\/+$/, ''))}/**`;
    result.push(glob);
  }
  return result.length > 0 ? result : undefined;
}

export function escapeGlob(path: string): string {
  return path.replace(GLOB_SPECIAL, (char) => `\\${char}`);
}
