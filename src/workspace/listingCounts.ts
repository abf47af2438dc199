// What the workspace summary needs of a listing: counts, not the listing itself. When the summary
// is asked for before the walk ends they are counted as ripgrep finds the paths, so the first
// request leaves once the walk (and the credential scan) ends, without waiting for the sort; a
// listing nobody summarizes (a glob's) counts nothing.
import { languageFromPath } from './languages.js';

/** Files in all, per language ('other' when none is known) and per top-level entry (a folder's name ends in "/"). */
export interface ListingCounts {
  readonly total: number;
  readonly languages: ReadonlyMap<string, number>;
  readonly topLevel: ReadonlyMap<string, number>;
}

/** One root's counts, kept up to date path by path in any order. */
export class PathCounts implements ListingCounts {
  total = 0;
  readonly languages = new Map<string, number>();
  private readonly topCounts = new Map<string, number>();
  // ripgrep lists a folder's files together: the current top-level folder's files are counted
  // here and go into the map when a path leaves it (a map update per file cost more than the rest).
  private lastTop = '';
  private lastCount = 0;

  static of(paths: Iterable<string>): PathCounts {
    const counts = new PathCounts();
    for (const path of paths) counts.add(path);
    return counts;
  }

  get topLevel(): ReadonlyMap<string, number> {
    this.settle();
    return this.topCounts;
  }

  add(path: string): void {
    this.total++;
    bump(this.languages, languageFromPath(path) ?? 'other', 1);
    if (this.lastTop.endsWith('/') && path.startsWith(this.lastTop)) {
      this.lastCount++;
      return;
    }
    this.settle();
    const slash = path.indexOf('/');
    this.lastTop = slash < 0 ? path : path.slice(0, slash + 1);
    this.lastCount = 1;
  }

  /** Takes back a path added before (a file the credential scan hid): a top-level entry left with no file is gone. */
  remove(path: string): void {
    this.settle();
    this.total--;
    bump(this.languages, languageFromPath(path) ?? 'other', -1);
    const slash = path.indexOf('/');
    bump(this.topCounts, slash < 0 ? path : path.slice(0, slash + 1), -1);
  }

  private settle(): void {
    if (this.lastCount) bump(this.topCounts, this.lastTop, this.lastCount);
    this.lastCount = 0;
  }
}

/** A listing's counts: from each root's walk when wanted in time, else from the finished listing. */
export class ListingTally {
  /** True once a summary asked for them: a root whose walk ends after this counts its paths. */
  wanted: boolean;
  readonly counted: Promise<ListingCounts>;
  private counts: ListingCounts | undefined;
  private readonly perRoot: ListingCounts[] = [];
  private left: number;
  private resolve: (counts: ListingCounts) => void = () => {};

  constructor(
    private readonly roots: readonly string[],
    wanted: boolean,
  ) {
    this.wanted = wanted;
    this.left = roots.length;
    this.counted = new Promise((resolve) => (this.resolve = resolve));
  }

  /** A root's counts, before its listing is sorted; `counted` resolves with the last root's. */
  rootCounted(rootIndex: number, counts: ListingCounts): void {
    this.perRoot[rootIndex] = counts;
    if (--this.left > 0) return;
    this.counts = workspaceCounts(this.roots, this.perRoot);
    this.resolve(this.counts);
  }

  /** The counts of the finished listing (its workspace paths): counted now if no walk counted them. */
  ofListing(files: readonly string[]): ListingCounts {
    return (this.counts ??= PathCounts.of(files));
  }
}

/** The workspace's counts from each root's: with several roots each root is one top-level folder. */
export function workspaceCounts(roots: readonly string[], perRoot: readonly ListingCounts[]): ListingCounts {
  if (perRoot.length === 1) return perRoot[0];
  const languages = new Map<string, number>();
  for (const counts of perRoot) for (const [language, n] of counts.languages) bump(languages, language, n);
  return {
    total: perRoot.reduce((sum, counts) => sum + counts.total, 0),
    languages,
    topLevel: new Map(perRoot.flatMap((counts, i) => (counts.total > 0 ? [[`${roots[i]}/`, counts.total] as const] : []))),
  };
}

function bump(counts: Map<string, number>, key: string, step: number): void {
  const n = (counts.get(key) ?? 0) + step;
  if (n > 0) counts.set(key, n);
  else counts.delete(key);
}
