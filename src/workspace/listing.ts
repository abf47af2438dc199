// Lists the visible files of one root with `rg --files`: .gitignore, excludes and secret rules applied, symlinks not followed.
import { stat } from 'node:fs/promises';
import { PathRuns } from './pathRuns.js';
import { runRipgrep } from './ripgrep.js';
import { secretExclusionArgs } from './secretGlobs.js';

export interface VisibilityRules {
  allowSecrets: boolean;
  /** When not empty, only files matching one of these globs are visible (relative to the root). */
  include?: readonly string[];
  /** Extra exclusions (e.g. VS Code's `files.exclude`), as rg/gitignore globs relative to the root. */
  exclude: readonly string[];
  rgPath?: string;
}

/**
 * rg flags that decide what is visible; listing and grep share them so grep sees exactly the
 * listed files. Include globs come first because later globs win in rg.
 */
export function visibilityArgs(rules: VisibilityRules, includeGlobs: readonly string[] = []): string[] {
  return [
    '--no-config',
    '--hidden',
    '--no-require-git',
    '--path-separator',
    '/',
    ...includeGlobs.flatMap((glob) => ['--glob', glob]),
    '--glob',
    '!.git',
    ...rules.exclude.flatMap((glob) => ['--glob', `!${glob}`]),
    ...(rules.allowSecrets ? [] : secretExclusionArgs()),
  ];
}

/**
 * rg's arguments for a root's walk, run in the root: with no path argument rg lists its cwd and
 * prints the paths without a "./" to cut off. `rlm ask` starts the same walk early (earlyWalk.ts).
 */
export function walkArgs(rules: VisibilityRules): string[] {
  return ['--files', '--null', ...visibilityArgs(rules, rules.include)];
}

/** Sees the listing as ripgrep streams it (the credential scan). */
export interface ListingObserver {
  offer(path: string): void;
}

/** Root-relative POSIX paths of every visible file, sorted; `observer` sees each one as ripgrep finds it. */
export async function listRoot(
  rootPath: string,
  rules: VisibilityRules,
  signal?: AbortSignal,
  observer?: ListingObserver,
): Promise<string[]> {
  return (await walkRoot(rootPath, rules, signal, observer)).sort(); // the default sort is code-unit order, as comparePaths, and much faster
}

/** The same paths, not sorted yet: in runs, as walkRuns leaves them (a `.sort()` then mostly merges). */
export async function walkRoot(
  rootPath: string,
  rules: VisibilityRules,
  signal?: AbortSignal,
  observer?: ListingObserver,
): Promise<string[]> {
  return (await walkRuns(rootPath, rules, signal, observer)).paths();
}

/** The same paths in runs, each sorted while the thread waited for ripgrep (pathRuns.ts); in code-unit order, as comparePaths. */
export async function walkRuns(
  rootPath: string,
  rules: VisibilityRules,
  signal?: AbortSignal,
  observer?: ListingObserver,
): Promise<PathRuns> {
  const info = await stat(rootPath).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`Workspace folder not found or not a folder: ${rootPath}`);
  const runs = new PathRuns();
  const exit = await runRipgrep({
    args: walkArgs(rules),
    spool: true, // a busy thread (the CLI loading the engine) does not hold the walk up
    cwd: rootPath,
    separator: '\0',
    signal,
    rgPath: rules.rgPath,
    onRecord: (path) => {
      // Names that could not be addressed later are left out: U+FFFD means the name was not
      // valid UTF-8, and model paths refuse backslashes (legal in POSIX names, rare).
      if (path && !path.includes('\uFFFD') && !path.includes('\\')) {
        runs.add(path);
        observer?.offer(path);
      }
    },
    onIdle: () => runs.sortOne(),
  });
  if (exit.code === 2 && runs.size === 0 && exit.stderr) {
    throw new Error(`Listing ${rootPath} failed: ${exit.stderr}`);
  }
  return runs;
}

export function stripDotSlash(path: string): string {
  return path.startsWith('./') ? path.slice(2) : path;
}

/** Plain code-unit order: stable across platforms and locales. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
