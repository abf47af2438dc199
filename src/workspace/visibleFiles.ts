// The visible listing of the whole workspace: the one rule every read, stat and grep is checked against.
import type { WorkspacePath } from './fileTree.js';
import type { PathKind } from './grepGlobs.js';
import { toWorkspacePath } from './paths.js';

export class VisibleFiles {
  /** Every visible file: roots in order, then paths in code-unit order within a root. */
  readonly files: readonly WorkspacePath[];
  // Built on first use: listing everything (glob("**")) should not pay for them.
  private fileSet?: ReadonlySet<string>;
  private dirSet?: ReadonlySet<string>;

  constructor(
    private readonly roots: readonly string[],
    filesPerRoot: readonly (readonly string[])[],
  ) {
    this.files =
      roots.length > 1
        ? filesPerRoot.flatMap((relativePaths, rootIndex) => relativePaths.map((relative) => toWorkspacePath(roots, rootIndex, relative)))
        : [...(filesPerRoot[0] ?? [])];
  }

  kindOf(path: WorkspacePath): PathKind {
    this.fileSet ??= new Set(this.files);
    if (this.fileSet.has(path)) return 'file';
    this.dirSet ??= this.collectDirs();
    return this.dirSet.has(path) ? 'dir' : undefined;
  }

  private collectDirs(): Set<string> {
    const dirs = new Set<string>(['', ...(this.roots.length > 1 ? this.roots : [])]);
    for (const path of this.files) {
      for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
        const dir = path.slice(0, slash);
        if (dirs.has(dir)) break; // its parents are in already
        dirs.add(dir);
      }
    }
    return dirs;
  }
}
