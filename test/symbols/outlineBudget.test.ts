// outline() over a tree much larger than its budget: ranked by imports, parsing only what can
// fit, never loading references, and ranking a new process's outline from the cache folder.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SymbolCache } from '../../src/symbols/symbolCache.js';
import { SymbolIndex } from '../../src/symbols/symbolIndex.js';
import type { FileSymbols, ParseOptions, ReferenceInfo, SymbolParser } from '../../src/symbols/types.js';
import { ParsePool } from '../../src/symbols/workerPool.js';
import type { GrepQuery, GrepResult } from '../../src/workspace/fileTree.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';

/** The real pool, counting parses. */
class CountingParser implements SymbolParser {
  parses = 0;
  readonly prepared: string[][] = [];
  private readonly pool = new ParsePool({ size: 2 });
  parse(language: string, text: string, options?: ParseOptions): Promise<FileSymbols> {
    this.parses++;
    return this.pool.parse(language, text, options);
  }
  prepare(languages: readonly string[]): void {
    this.prepared.push([...languages]);
  }
  close(): void {
    this.pool.close();
  }
}

class CountingCache extends SymbolCache {
  referenceLoads = 0;
  override getReferences(key: string): Promise<ReferenceInfo[] | undefined> {
    this.referenceLoads++;
    return super.getReferences(key);
  }
}

class CountingTree extends WorkspaceTree {
  greps: GrepQuery[] = [];
  override grep(query: GrepQuery): Promise<GrepResult> {
    this.greps.push(query);
    return super.grep(query);
  }
}

const MODULES = 60;

describe('outline over many files', () => {
  let root: string;
  let cacheDir: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'rlm-outline-'));
    cacheDir = mkdtempSync(join(tmpdir(), 'rlm-outline-cache-'));
    const write = (path: string, text: string) => {
      const abs = join(root, path);
      mkdirSync(join(abs, '..'), { recursive: true });
      writeFileSync(abs, text);
      utimesSync(abs, new Date(2020, 0, 1), new Date(2020, 0, 1));
    };
    write('app/util.py', 'def helper(x):\n    return x\n');
    write('app/models/__init__.py', 'from .base import Base\n\n\nclass Registry:\n    pass\n');
    write('app/models/base.py', 'class Base:\n    def save(self):\n        pass\n');
    for (let i = 0; i < MODULES; i++) {
      const imports = i % 3 === 0 ? 'from app import util\nfrom app.models import Registry\n' : 'from app import util\n';
      write(`app/feature_${i}.py`, `${imports}\n\ndef feature_${i}(value):\n    return util.helper(value) + ${i}\n`);
    }
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('ranks by importers and parses only the files that can fit the budget', async () => {
    const pool = new CountingParser();
    const cache = new CountingCache(cacheDir);
    const index = new SymbolIndex({ tree: new WorkspaceTree({ roots: [{ path: root }] }), cache, pool });
    const text = await index.outline(['**/*.py'], { maxTokens: 100 });
    const headers = text.split('\n').filter((line) => !line.startsWith(' '));
    expect(headers.slice(0, 3)).toEqual(['app/util.py (2 lines)', 'app/models/__init__.py (5 lines)', 'app/models/base.py (3 lines)']);
    expect(headers.at(-1)).toMatch(/^… \d+ more file\(s\) not shown/);
    expect(pool.parses).toBeLessThan(MODULES / 2);
    expect(cache.referenceLoads).toBe(0);
    expect(pool.prepared).toEqual([['python']]); // the grammar loads while the files are ranked
    await index.close();
    pool.close();
  });

  it('ranks again in a new process without grepping an unchanged tree, or starting workers', async () => {
    const pool = new CountingParser();
    const tree = new CountingTree({ roots: [{ path: root }] });
    const index = new SymbolIndex({ tree, cacheDir, pool });
    const text = await index.outline(['**/*.py'], { maxTokens: 100 });
    expect(text.split('\n')[0]).toBe('app/util.py (2 lines)');
    expect(tree.greps).toEqual([]);
    expect(pool.prepared).toEqual([]);
    expect(pool.parses).toBe(0);
    await index.close();
    pool.close();
  });

  it('greps only the files that changed since, and ranks with what they import now', async () => {
    const old = new Date(2021, 0, 1);
    const changed = Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 3 !== 0); // 20 files, none importing models
    for (const i of changed) {
      const abs = join(root, `app/feature_${i}.py`);
      writeFileSync(abs, 'from app.models import base\n\n\ndef changed():\n    return base.Base()\n');
      utimesSync(abs, old, old);
    }
    const pool = new ParsePool({ size: 1 });
    const tree = new CountingTree({ roots: [{ path: root }] });
    const index = new SymbolIndex({ tree, cacheDir, pool });
    const text = await index.outline(['**/*.py'], { maxTokens: 400 });
    expect(tree.greps.map((q) => q.glob)).toEqual([changed.map((i) => `app/feature_${i}.py`).sort()]);
    const headers = text.split('\n').filter((line) => !line.startsWith(' '));
    // "from app.models import base" names the package too: __init__.py 40 importers, util.py 40
    // (the larger first), base.py 21 (it had 1, from its sibling).
    expect(headers.slice(0, 3)).toEqual(['app/models/__init__.py (5 lines)', 'app/util.py (2 lines)', 'app/models/base.py (3 lines)']);
    await index.close();
    pool.close();
  });
});
