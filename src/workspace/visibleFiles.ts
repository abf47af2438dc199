// The visible listing of the whole workspace: the one rule every read, stat and grep is checked against.
import type { WorkspacePath } from './fileTree.js';
import type { PathKind } from './grepGlobs.js';
import { toWorkspacePath } from './paths.js';

export class VisibleFiles {
  /** Every visible file: roots in order, then paths in code-unit order within a root. */
  readonly files: readonly WorkspacePath[];
  private readonly fileSet: ReadonlySet<string>;
  private readonly dirSet: ReadonlySet<string>;

  constructor(roots: readonly string[], filesPerRoot: readonly (readonly string[])[]) {
    const files: string[] = [];
    const dirs = new Set<string>(['']);
    filesPerRoot.forEach((relativePaths, rootIndex) => {
      if (roots.length > 1) dirs.add(roots[rootIndex]);
      for (const relative of relativePaths) {
        const path = toWorkspacePath(roots, rootIndex, relative);
        files.push(path);
        for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
          const dir = path.slice(0, slash);
          if (dirs.has(dir)) break; // its parents are in already
          dirs.add(dir);
        }
      }
    });
    this.files = files;
    this.fileSet = new Set(files);
    this.dirSet = dirs;
  }

  kindOf(path: WorkspacePath): PathKind {
    if (this.fileSet.has(path)) return 'file';
    return this.dirSet.has(path) ? 'dir' : undefined;
  }
}
