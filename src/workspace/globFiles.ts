// glob() over the listing with the same rules as grep's globs, so one pattern means the same
// files everywhere: gitignore-style (no "/" → any depth), exact paths escaped, folders expanded.
import picomatch from 'picomatch/posix';
import type { WorkspacePath } from './fileTree.js';
import { globsForRoot } from './grepGlobs.js';
import { suffixMatcher } from './suffixGlob.js';
import type { VisibleFiles } from './visibleFiles.js';

/** Patterns that match every file (a pattern without "/" matches at any depth). */
const MATCH_ALL = new Set(['**', '**/*', '*', './**', './**/*']);

export function globFiles(patterns: readonly string[], roots: readonly string[], visible: VisibleFiles): WorkspacePath[] {
  if (patterns.some((p) => MATCH_ALL.has(p))) return [...visible.files]; // everything: skip matching 50k paths
  const matchers = roots.map((_, rootIndex) => {
    const globs = globsForRoot(patterns, roots, rootIndex, (path) => visible.kindOf(path));
    // gitignore-style, as rg reads grep's globs: a pattern without "/" matches at any depth.
    if (!globs?.length) return undefined;
    const anyDepth = globs.map((g) => (g.includes('/') ? g : `**/${g}`));
    return suffixMatcher(anyDepth) ?? picomatch(anyDepth, { dot: true });
  });
  const multiRoot = roots.length > 1;
  return visible.files.filter((path) => {
    const slash = multiRoot ? path.indexOf('/') : -1;
    const rootIndex = multiRoot ? roots.indexOf(path.slice(0, slash)) : 0;
    const isMatch = matchers[rootIndex];
    return isMatch !== undefined && isMatch(multiRoot ? path.slice(slash + 1) : path);
  });
}
