// Background indexing: the pool serves every other parse before a background one, and warmUp
// fills the cache in rank order until its signal aborts.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SymbolCache } from '../../src/symbols/symbolCache.js';
import { SymbolIndex } from '../../src/symbols/symbolIndex.js';
import type { FileSymbols, ParseOptions, SymbolParser } from '../../src/symbols/types.js';
import { ParsePool } from '../../src/symbols/workerPool.js';
import type { GrepQuery, GrepResult } from '../../src/workspace/fileTree.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';

class CountingTree extends WorkspaceTree {
  greps = 0;
  override grep(query: GrepQuery): Promise<GrepResult> {
    this.greps++;
    return super.grep(query);
  }
}

/** The real pool, recording the first symbol of each parsed text and its priority. */
class RecordingParser implements SymbolParser {
  readonly parsed: string[] = [];
  private readonly pool = new ParsePool({ size: 1 });
  parse(language: string, text: string, options: ParseOptions = {}): Promise<FileSymbols> {
    this.parsed.push(`${options.priority ?? 'normal'} ${/def (\w+)/.exec(text)?.[1] ?? '?'}`);
    return this.pool.parse(language, text, options);
  }
  close(): void {
    this.pool.close();
  }
}

describe('ParsePool priorities', () => {
  it('runs a parse asked for later before queued background parses', async () => {
    const pool = new ParsePool({ size: 1 });
    const done: string[] = [];
    const big = Array.from({ length: 3000 }, (_, i) => `def f${i}(a):\n    return a + ${i}\n`).join('');
    const jobs = [
      pool.parse('python', big, { priority: 'background' }).then(() => done.push('background 1')),
      pool.parse('python', 'def b():\n    pass\n', { priority: 'background' }).then(() => done.push('background 2')),
      pool.parse('python', 'def cell():\n    pass\n').then(() => done.push('cell')),
    ];
    await Promise.all(jobs);
    expect(done).toEqual(['background 1', 'cell', 'background 2']);
    pool.close();
  });
});

describe('SymbolIndex.warmUp', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'rlm-warm-'));
    const write = (path: string, text: string) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
      utimesSync(join(root, path), new Date(2020, 0, 1), new Date(2020, 0, 1));
    };
    write('core.py', 'def core():\n    pass\n');
    write('helpers.py', 'import core\n\n\ndef helpers():\n    pass\n');
    write('app.py', 'import core\nimport helpers\n\n\ndef app():\n    pass\n');
    write('README.md', '# not parsed\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('parses the files most imported first, in the background, and leaves them cached', async () => {
    const pool = new RecordingParser();
    const cache = new SymbolCache();
    const index = new SymbolIndex({ tree: new WorkspaceTree({ roots: [{ path: root }] }), cache, pool });
    await index.warmUp(new AbortController().signal, { startDelayMs: 0 });
    expect(pool.parsed).toEqual(['background core', 'background helpers', 'background app']);
    await index.symbols('app.py');
    expect(pool.parsed).toHaveLength(3); // served from the warmed cache
    pool.close();
  });

  it('shares its import scan with an outline asked for meanwhile', async () => {
    const pool = new ParsePool({ size: 1 });
    const tree = new CountingTree({ roots: [{ path: root }] });
    const cache = new SymbolCache();
    const warm = new SymbolIndex({ tree, cache, pool });
    const cell = new SymbolIndex({ tree, cache, pool });
    const warming = warm.warmUp(new AbortController().signal, { startDelayMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 5)); // the warm-up's scan is under way
    const outline = await cell.outline(['**/*.py'], { maxTokens: 500 });
    await warming;
    expect(outline.split('\n')[0]).toBe('core.py (2 lines)');
    expect(tree.greps).toBe(1);
    pool.close();
  });

  it("ranks the main file type's outline too, so a model's first outline of it greps and parses nothing", async () => {
    const mixed = mkdtempSync(join(tmpdir(), 'rlm-warm-mixed-'));
    try {
      const old = new Date(2020, 0, 1);
      const files: Record<string, string> = {
        'core.py': 'def core():\n    pass\n',
        'helpers.py': 'import core\n\n\ndef helpers():\n    pass\n',
        'app.py': 'import core\nimport helpers\n\n\ndef app():\n    pass\n',
        'web/util.ts': 'export function util() {}\n',
        'web/main.ts': "import { util } from './util';\nutil();\n",
      };
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(mixed, path, '..'), { recursive: true });
        writeFileSync(join(mixed, path), text);
        utimesSync(join(mixed, path), old, old);
      }
      const cacheDir = join(mixed, '.cache');
      const pool = new RecordingParser();
      const warming = new SymbolIndex({ tree: new WorkspaceTree({ roots: [{ path: mixed }], exclude: ['.cache'] }), cacheDir, pool });
      await warming.warmUp(new AbortController().signal, { startDelayMs: 0 });
      await warming.close();
      expect(pool.parsed).toHaveLength(5);
      expect(pool.parsed[0]).toBe('background core'); // the top of the .py outline comes first
      // The next process knows the .py outline's ranking itself: the words are not even needed.
      writeFileSync(join(cacheDir, 'imports.pack.json'), 'unreadable');
      const tree = new CountingTree({ roots: [{ path: mixed }], exclude: ['.cache'] });
      const outline = await new SymbolIndex({ tree, cacheDir, pool }).outline(['**/*.py'], { maxTokens: 500 });
      expect(outline.split('\n')[0]).toBe('core.py (2 lines)');
      expect({ greps: tree.greps, parsed: pool.parsed.length }).toEqual({ greps: 0, parsed: 5 });
      pool.close();
    } finally {
      rmSync(mixed, { recursive: true, force: true });
    }
  });

  it('parses nothing once its signal has aborted', async () => {
    const pool = new RecordingParser();
    const index = new SymbolIndex({ tree: new WorkspaceTree({ roots: [{ path: root }] }), pool });
    const warming = new AbortController();
    const done = index.warmUp(warming.signal, { startDelayMs: 0 });
    warming.abort();
    await done;
    expect(pool.parsed).toEqual([]);
    pool.close();
  });
});
