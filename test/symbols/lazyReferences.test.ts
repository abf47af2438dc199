// References are parsed only when refs() needs them: symbols() and outline() parse definitions only.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SymbolIndex } from '../../src/symbols/symbolIndex.js';
import type { FileSymbols, ParseOptions, SymbolParser } from '../../src/symbols/types.js';
import { ParsePool } from '../../src/symbols/workerPool.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';

/** The real pool, recording whether each parse asked for references. */
class RecordingParser implements SymbolParser {
  readonly asked: boolean[] = [];
  private readonly pool = new ParsePool({ size: 1 });
  parse(language: string, text: string, options: ParseOptions = {}): Promise<FileSymbols> {
    this.asked.push(options.references ?? true);
    return this.pool.parse(language, text, options);
  }
  close(): void {
    this.pool.close();
  }
}

describe('lazy references', () => {
  let root: string;
  let cacheDir: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'rlm-lazy-'));
    cacheDir = mkdtempSync(join(tmpdir(), 'rlm-lazy-cache-'));
    writeFileSync(join(root, 'app.py'), 'def area(r):\n    return 3 * r * r\n\n\ndef total():\n    return area(1) + area(2)\n');
    utimesSync(join(root, 'app.py'), new Date(2020, 0, 1), new Date(2020, 0, 1));
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('parses definitions only for symbols(), and references once refs() asks, then keeps both', async () => {
    const pool = new RecordingParser();
    const index = new SymbolIndex({ tree: new WorkspaceTree({ roots: [{ path: root }] }), cacheDir, pool });
    expect((await index.symbols('app.py')).symbols.value().map((s) => s.name)).toEqual(['area', 'total']);
    expect(pool.asked).toEqual([false]);
    expect((await index.refs('area', { maxResults: 0 })).refs.map((r) => r.line)).toEqual([6, 6]);
    expect(pool.asked).toEqual([false, true]);
    await index.close();

    const again = new SymbolIndex({ tree: new WorkspaceTree({ roots: [{ path: root }] }), cacheDir, pool });
    expect((await again.refs('area', { maxResults: 0 })).refs).toHaveLength(2);
    expect((await again.symbols('app.py')).symbols.value()).toHaveLength(2);
    expect(pool.asked).toEqual([false, true]); // both from the cache folder
    await again.close();
    pool.close();
  });
});
