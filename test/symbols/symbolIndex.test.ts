// The symbol service over an in-memory workspace: the real worker pool, the content cache (in a
// temp folder), slice, refs, outline. The tree records its reads, to see what the file index saved.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SymbolIndex } from '../../src/symbols/symbolIndex.js';
import type { FileSymbols, SymbolParser } from '../../src/symbols/types.js';
import { ParsePool } from '../../src/symbols/workerPool.js';
import { InMemoryFileTree } from '../support/inMemoryFileTree.js';

/** A parser that counts the parses it was asked for (to see what the cache saved) and hands them on. */
class CountingParser implements SymbolParser {
  parses = 0;
  constructor(readonly inner: ParsePool) {}
  parse(language: string, text: string): Promise<FileSymbols> {
    this.parses++;
    return this.inner.parse(language, text);
  }
  close(): void {
    this.inner.close();
  }
}

const FILES: Record<string, string> = {
  'src/shapes.ts': [
    'export interface Shape {',
    '  area(): number;',
    '}',
    '',
    '/** A circle. */',
    'export class Circle implements Shape {',
    '  constructor(private r: number) {}',
    '  area(): number {',
    '    return Math.PI * this.r * this.r;',
    '  }',
    '}',
    '',
    'export class Square implements Shape {',
    '  constructor(private s: number) {}',
    '  area(): number {',
    '    return this.s * this.s;',
    '  }',
    '}',
    '',
  ].join('\n'),
  'src/main.ts': [
    "import { Circle } from './shapes';",
    '',
    'export function total(): number {',
    '  return new Circle(1).area() + new Circle(2).area();',
    '}',
    '',
  ].join('\n'),
  'tools/report.py': ['from shapes import total', '', '', 'def report():', '    print(total())', ''].join('\n'),
  'NOTES.md': '# Notes\n\nThe total() function adds the areas.\n',
};

describe('SymbolIndex', () => {
  // Modified long ago: outside the cache's racy-clean window.
  const tree = new InMemoryFileTree(FILES);
  let cacheDir: string;
  let pool: CountingParser;
  let index: SymbolIndex;

  beforeAll(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'rlm-sym-cache-'));
    pool = new CountingParser(new ParsePool({ size: 2 }));
    index = new SymbolIndex({ tree, cacheDir, pool });
  });
  afterAll(() => {
    pool.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('lists symbols with containers, off the calling thread', async () => {
    const { language, symbols: json } = await index.symbols('src/shapes.ts');
    const symbols = json.value();
    expect(language).toBe('typescript');
    expect(symbols.map((s) => `${s.kind} ${s.container ? `${s.container}.` : ''}${s.name} ${s.startLine}-${s.endLine}`)).toEqual([
      'interface Shape 1-3',
      'method Shape.area 2-2',
      'class Circle 6-11',
      'method Circle.area 8-10',
      'class Square 13-18',
      'method Square.area 15-17',
    ]);
    expect(pool.inner.spawned).toBeGreaterThan(0);
  });

  it('says when a language has no parser', async () => {
    const { symbols, ...rest } = await index.symbols('NOTES.md');
    expect(rest).toEqual({ language: 'markdown', note: 'no symbol parser for markdown files; use grep or peek' });
    expect(symbols.text).toBe('[]');
  });

  it('serves unchanged files from memory and from the cache folder', async () => {
    await index.symbols('src/main.ts');
    const before = pool.parses;
    await index.symbols('src/main.ts');
    expect(pool.parses).toBe(before);
    await index.close(); // writes the pack; the shared pool stays up

    const fresh = new CountingParser(new ParsePool({ size: 1 }));
    const sameFiles = new InMemoryFileTree(FILES);
    const second = new SymbolIndex({ tree: sameFiles, cacheDir, pool: fresh });
    expect((await second.symbols('src/main.ts')).symbols.value()).toEqual((await index.symbols('src/main.ts')).symbols.value());
    expect(fresh.parses).toBe(0);
    expect(sameFiles.reads).toEqual([]); // size and mtime unchanged: not even read
    expect((await second.slice('src/main.ts', 'total')).slice?.startLine).toBe(3);
    expect(sameFiles.reads).toEqual(['src/main.ts']); // a slice needs the text
    fresh.close();
    await second.close();
  });

  it('parses a changed file again', async () => {
    const counting = new CountingParser(new ParsePool({ size: 1 }));
    const local = new SymbolIndex({ tree, cacheDir, pool: counting });
    tree.write('tools/report.py', FILES['tools/report.py'] + '\ndef extra():\n    pass\n');
    const symbols = (await local.symbols('tools/report.py')).symbols.value();
    expect(symbols.map((s) => s.name)).toEqual(['report', 'extra']);
    expect(counting.parses).toBe(1);
    await local.close();
    counting.close();
  });

  it('slices a symbol with its doc comment, by plain or qualified name', async () => {
    const { slice } = await index.slice('src/shapes.ts', 'Circle');
    expect(slice).toMatchObject({ name: 'Circle', kind: 'class', startLine: 5, endLine: 11 });
    expect(slice?.text.split('\n')[0]).toBe('/** A circle. */');
    const method = await index.slice('src/shapes.ts', 'Square.area');
    expect(method.slice?.text).toBe('  area(): number {\n    return this.s * this.s;\n  }');
    expect(method.note).toBeUndefined();
  });

  it('picks the first of ambiguous names and says how many others exist', async () => {
    const { slice, note } = await index.slice('src/shapes.ts', 'area');
    expect(slice?.name).toBe('Shape.area');
    expect(note).toMatch(/^2 other symbol\(s\) named "area": Circle\.area \(line 8\), Square\.area \(line 15\)/);
  });

  it('returns null with close matches for a missing name', async () => {
    const { slice, note } = await index.slice('src/shapes.ts', 'Circel');
    expect(slice).toBeNull();
    expect(note).toMatch(/no symbol "Circel" in src\/shapes\.ts; close matches: Circle \(class, line 6\)/);
  });

  it('finds references by tree-sitter captures, with word matches where no query exists', async () => {
    const circle = await index.refs('Circle', { maxResults: 0 });
    expect(circle.refs).toEqual([
      { path: 'src/main.ts', line: 4, column: 14, kind: 'class' },
      { path: 'src/main.ts', line: 4, column: 37, kind: 'class' },
    ]);
    const total = await index.refs('total', { maxResults: 0 });
    expect(total.refs).toEqual([
      { path: 'NOTES.md', line: 3, column: 5, kind: 'text' },
      { path: 'tools/report.py', line: 5, column: 11, kind: 'call' },
    ]);
    expect(total.note).toMatch(/1 file\(s\) have no reference query/);
    const limited = await index.refs('Circle', { maxResults: 1 });
    expect(limited.truncated).toBe(true);
    await expect(index.refs('a b', { maxResults: 0 })).rejects.toThrow(/takes an identifier/);
  });

  it('counts lines as editors do: a final newline starts no line, a lone newline is one line', async () => {
    const texts = { 'a.py': '', 'b.py': 'x = 1', 'c.py': 'x = 1\n', 'd.py': 'x = 1\n\n', 'e.py': '\n', 'f.py': 'x = 1\r\ny = 2' };
    const counting = new SymbolIndex({ tree: new InMemoryFileTree(texts), pool: pool.inner });
    const lines = await Promise.all(Object.keys(texts).map(async (path) => (await counting.parse(path)).result.lines));
    expect(lines).toEqual([0, 1, 1, 2, 1, 2]);
  });

  it('outlines files, most referenced first, within the token budget', async () => {
    const text = await index.outline(['src/**', 'tools/**'], { maxTokens: 2000 });
    expect(text.split('\n')[0]).toBe('src/shapes.ts (18 lines)');
    expect(text).toContain('  class Circle 6-11\n    method area 8-10');
    expect(text).toContain('tools/report.py');
    const small = await index.outline(['src/**', 'tools/**'], { maxTokens: 30 });
    expect(small.length).toBeLessThanOrEqual(30 * 4 + 120);
    expect(small).toMatch(/more file\(s\) not shown/);
  });
});

describe('ParsePool', () => {
  it('replaces a worker after a very large file, so its memory is returned', async () => {
    // About recycling, not the parse limit: a loaded machine may need more than the default 10 s.
    const pool = new ParsePool({ size: 1, parseTimeoutMs: 60_000 });
    const big = Array.from({ length: 60_000 }, (_, i) => `function f${i}(a) { return a + ${i}; }`).join('\n');
    const result = await pool.parse('javascript', big);
    expect(result.symbols).toHaveLength(60_000);
    expect(result.symbols[59_999]).toMatchObject({ name: 'f59999', startLine: 60_000 });
    await pool.parse('javascript', 'function small() {}');
    expect(pool.spawned).toBe(2);
    pool.close();
  });

  it('stops a parse that takes too long and keeps working', async () => {
    const pool = new ParsePool({ size: 1, parseTimeoutMs: 1 });
    const huge = 'let x = [' + '[1, 2, 3], '.repeat(400_000) + '];';
    const result = await pool.parse('javascript', huge);
    expect(result.warning).toMatch(/longer than/);
    expect((await pool.parse('javascript', 'function ok() {}')).symbols[0]?.name).toBe('ok');
    pool.close();
  });

  it('starts its workers ahead when asked to prepare, then parses on them', async () => {
    const pool = new ParsePool({ size: 2 });
    pool.prepare(['python']);
    expect(pool.spawned).toBe(2);
    const [a, b] = await Promise.all([pool.parse('python', 'def a():\n    pass\n'), pool.parse('python', 'class B:\n    pass\n')]);
    expect([a.symbols[0]?.name, b.symbols[0]?.name]).toEqual(['a', 'B']);
    expect(pool.spawned).toBe(2);
    pool.close();
  });

  it('answers with a warning after close instead of hanging', async () => {
    const pool = new ParsePool({ size: 1 });
    pool.close();
    expect((await pool.parse('javascript', 'function a() {}')).warning).toMatch(/shut down/);
  });
});
