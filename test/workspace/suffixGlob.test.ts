// The `**/*.ext` fast path gives picomatch's answers ({dot: true}, as globFiles compiles them):
// on names chosen to trip it (dotfiles, `.`/`..` folders, case, a suffix inside a name, doubled
// and trailing slashes) and on many generated ones; other globs are left to picomatch.
import picomatch from 'picomatch/posix';
import { describe, expect, it } from 'vitest';
import { suffixMatcher } from '../../src/workspace/suffixGlob.js';

const TRICKY = [
  ...['a.py', '.py', 'x/.py', '.a.py', '..py', 'a..py', 'x/..py', 'a.PY', 'A.Py', 'py', 'apy', 'a.py.txt', 'dir.py/x', 'a.pyc'],
  ...['.hidden/a.py', 'a/.b/c.py', './a.py', 'a/./b.py', 'a/../b.py', '../a.py', '.../a.py', 'a/.../b.py', 'a//b.py', '/a.py'],
  ...['a.py/', 'a.tar.gz/', 'a b.py', 'a\\b.py', 'ä/ö.py', '.', '..', '', 'x.tar.gz', 'x.gz', 'tar.gz', 'x.d.ts', 'x.ts'],
];

/** Paths from a small alphabet, reproducible: every mix of dots, slashes and suffix pieces. */
function generated(count: number, suffix: string): string[] {
  const alphabet = ['a', '.', '/', 'p', 'y', 'P', 't', 'g', 'z', '\\', ' ', '-', '_', '1'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, () => {
    let path = '';
    for (let n = 1 + Math.floor(next() * 10); n > 0; n--) path += alphabet[Math.floor(next() * alphabet.length)];
    if (next() < 0.5) path += suffix;
    if (next() < 0.1) path += '/';
    return path;
  });
}

describe('suffixMatcher', () => {
  it.each([['**/*.py'], ['**/*.tar.gz'], ['**/*.d.ts'], ['**/*.PY'], ['**/*.py', '**/*.pyi']])(
    'answers as picomatch for %s',
    (...globs) => {
      const fast = suffixMatcher(globs)!;
      const slow = picomatch(globs, { dot: true });
      const paths = [...TRICKY, ...globs.flatMap((glob) => generated(20_000, glob.slice(4)))];
      const differ = paths.filter((path) => fast(path) !== slow(path));
      expect(differ).toEqual([]);
      expect(paths.filter((path) => fast(path)).length).toBeGreaterThan(1000); // not a matcher that says no to everything
    },
  );

  it('leaves every other glob to picomatch', () => {
    for (const glob of [
      '*.py',
      'src/**/*.py',
      '**/*.{py,pyi}',
      '**/*.p?',
      '**/*.[pP]y',
      '**/*',
      '**/a.py',
      '**/*.',
      '**/*.y.',
      '**/*.+(py)',
    ])
      expect(suffixMatcher([glob]), glob).toBeUndefined();
    expect(suffixMatcher(['**/*.py', 'src/*.ts'])).toBeUndefined();
    expect(suffixMatcher([])).toBeUndefined();
  });
});
