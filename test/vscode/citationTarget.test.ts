import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { citationTarget } from '../../src/vscode/citationTarget.js';

const here = [{ path: '/work/app', name: 'app' }];
const files = new Set([join('/work/app', 'src/a.ts'), join('/work/app/src/util', 'math.ts'), join('/work/lib', 'b.ts')]);
const exists = (file: string): boolean => files.has(file);

describe('citationTarget', () => {
  it('opens a running run’s citation in the workspace', () => {
    expect(citationTarget('src/a.ts', undefined, here, exists)).toEqual({ file: join('/work/app', 'src/a.ts') });
  });

  it('resolves an old entry’s citation in the folders that run mounted, not in what is open now', () => {
    // A folder-scoped run cites paths relative to its folder.
    expect(citationTarget('math.ts', [{ path: '/work/app/src/util', name: 'util' }], here, exists)).toEqual({
      file: join('/work/app/src/util', 'math.ts'),
    });
  });

  it('says it cannot when the run’s folders are not open in this window', () => {
    const target = citationTarget('b.ts', [{ path: '/work/lib', name: 'lib' }], here, exists);
    expect(target).toEqual({ problem: 'cannot open b.ts: the run asked about /work/lib, which is not open in this window.' });
  });

  it('says so when the file is gone or the path names no folder of the run', () => {
    expect(citationTarget('src/gone.ts', here, here, exists)).toEqual({
      problem: 'cannot find src/gone.ts in app: it may have moved or been deleted since the run.',
    });
    const two = [...here, { path: '/work/lib', name: 'lib' }];
    expect(citationTarget('other/b.ts', two, two, exists)).toEqual({
      problem: 'cannot open other/b.ts: it names none of the folders the run asked about (app, lib).',
    });
  });
});
