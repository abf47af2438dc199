// The commonest glob, a file type at any depth (`**/*.py`, `**/*.tar.gz`), matched by the name's
// end instead of a compiled picomatch matcher: the same answers as picomatch with {dot: true}
// (test/workspace/suffixGlob.test.ts compares them on tricky names) at a fraction of the cost,
// on the way of a warm run's first glob.
import picomatch from 'picomatch/posix';

/** `**` then `/*` then dot-separated plain parts: no character picomatch reads as a pattern. */
const SUFFIX_GLOB = /^\*\*\/\*((?:\.[A-Za-z0-9_-]+)+)$/;
/** A `.` or `..` folder, which picomatch's `**` never crosses, even with {dot: true}. */
const DOT_FOLDER = /(^|\/)\.\.?\//;

/** A matcher for globs that are all of the `**\/*.ext` form, or undefined when one is not. */
export function suffixMatcher(globs: readonly string[]): ((path: string) => boolean) | undefined {
  const suffixes: string[] = [];
  for (const glob of globs) {
    const suffix = SUFFIX_GLOB.exec(glob)?.[1];
    if (!suffix) return undefined;
    suffixes.push(suffix);
  }
  if (suffixes.length === 0) return undefined;
  // A name ending in "/" (never listed) is left to picomatch, whose answer there varies with the suffix.
  let slow: ((path: string) => boolean) | undefined;
  return (path) => {
    if (path.endsWith('/')) return (slow ??= picomatch([...globs], { dot: true }))(path);
    return suffixes.some((suffix) => path.endsWith(suffix)) && !DOT_FOLDER.test(path);
  };
}
