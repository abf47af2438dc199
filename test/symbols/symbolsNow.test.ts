// symbols() of an unchanged file without an await (a warm run's loop over thousands of files):
// the same answer as the general path, and none until the listing and the pack are in hand, for
// a changed file, or for a path the tree does not show.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SymbolIndex } from '../../src/symbols/symbolIndex.js';
import { ParsePool } from '../../src/symbols/workerPool.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';

let folder: string;
let cacheDir: string;
let pool: ParsePool;
const LONG_AGO = new Date('2020-01-01T00:00:00Z'); // outside the cache's racy-clean window

function write(name: string, text: string): void {
  writeFileSync(join(folder, name), text);
  utimesSync(join(folder, name), LONG_AGO, LONG_AGO);
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'rlm-symbols-now-'));
  cacheDir = mkdtempSync(join(tmpdir(), 'rlm-symbols-now-cache-'));
  write('a.py', 'def area():\n    pass\n');
  write('b.py', 'class Shape:\n    def area(self):\n        pass\n');
  write('bad.py', 'def broken(:\n    pass\n');
  write('.env', 'TOKEN=1\n');
  pool = new ParsePool({ size: 1 });
  const cold = new SymbolIndex({ tree: new WorkspaceTree({ roots: [{ path: folder }] }), cacheDir, pool });
  for (const name of ['a.py', 'b.py', 'bad.py']) await cold.symbols(name);
  await cold.close(); // writes the pack
});
afterAll(() => {
  pool.close();
  rmSync(folder, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('SymbolIndex.symbolsNow', () => {
  it('answers as symbols() does once the listing and the pack are in hand, notice included', async () => {
    const tree = new WorkspaceTree({ roots: [{ path: folder }] });
    const index = new SymbolIndex({ tree, cacheDir, pool });
    expect(index.symbolsNow('a.py')).toBeUndefined(); // nothing read yet
    const first = await index.symbols('a.py'); // reads the listing and the pack
    expect(index.symbolsNow('a.py')).toEqual(first);
    const now = index.symbolsNow('b.py');
    expect(now?.symbols.value().map((s) => `${s.container ?? ''}.${s.name}`)).toEqual(['.Shape', 'Shape.area']);
    expect(now).toEqual(await index.symbols('b.py'));
    expect(index.symbolsNow('bad.py')?.note).toBe((await index.symbols('bad.py')).note);
    expect(index.symbolsNow('bad.py')?.note).toMatch(/syntax errors/);
    expect(index.symbolsNow('.env')).toBeUndefined(); // hidden: symbols() refuses it
    await expect(index.symbols('.env')).rejects.toThrow();
    expect(index.symbolsNow('missing.py')).toBeUndefined();
    await index.close();
  });

  it('gives nothing for a file changed on disk, which symbols() parses again', async () => {
    const tree = new WorkspaceTree({ roots: [{ path: folder }] });
    const index = new SymbolIndex({ tree, cacheDir, pool });
    await index.symbols('a.py');
    expect(index.symbolsNow('a.py')).toBeDefined();
    writeFileSync(join(folder, 'a.py'), 'def area():\n    pass\n\n\ndef perimeter():\n    pass\n');
    expect(index.symbolsNow('a.py')).toBeUndefined();
    expect((await index.symbols('a.py')).symbols.value().map((s) => s.name)).toEqual(['area', 'perimeter']);
    await index.close();
  });
});
