// Which file of the run's tree a cited path names. Models write paths several ways: as the tree
// does ("src/a.ts", "api/src/a.ts" with several roots), with "./", with the root folder's name
// in front, or — in a run scoped to a folder — relative to the workspace rather than the folder
// ("src/engine/loop.ts" where the tree's root is the folder "engine"). Only these rewritings are
// tried, so a hallucinated folder is never matched to a real file of the same name elsewhere.
import type { WorkspacePath } from '../../workspace/fileTree.js';

export function resolveCitedPath(cited: string, files: ReadonlySet<WorkspacePath>, roots: readonly string[]): WorkspacePath | undefined {
  const segments = cited
    .replace(/^(?:\.\/|\/)+/, '')
    .split('/')
    .filter(Boolean);
  if (segments.length === 0 || segments.includes('..') || segments.includes('.')) return undefined;
  const path = segments.join('/');
  if (files.has(path)) return path;
  if (roots.length === 1) {
    // "<root>/a.ts" or "<…>/<root>/a.ts": what follows the root folder's name, nearest first.
    for (let i = segments.length - 2; i >= 0; i--) {
      if (segments[i] !== roots[0]) continue;
      const rest = segments.slice(i + 1).join('/');
      if (files.has(rest)) return rest;
    }
    return undefined;
  }
  // Several roots and no root's name in front: the one root that holds it.
  if (roots.includes(segments[0])) return undefined;
  const held = roots.map((root) => `${root}/${path}`).filter((p) => files.has(p));
  return held.length === 1 ? held[0] : undefined;
}
