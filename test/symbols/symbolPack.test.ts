// The symbols pack on disk (format 5): results come back as the text symbols() hands to the
// sandbox (columns), byte for byte what a fresh parse gives, and objects for slice(); a damaged,
// truncated or older pack is ignored (files are parsed again); a changed file is parsed again and a deleted
// one is dropped from the pack.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SymbolCache } from '../../src/symbols/symbolCache.js';
import { SymbolPack } from '../../src/symbols/symbolPack.js';
import { SymbolIndex } from '../../src/symbols/symbolIndex.js';
import type { JsonText } from '../../src/sandbox/sandbox.js';
import type { ExtractedSymbol, FileSymbols, SymbolInfo, SymbolParser } from '../../src/symbols/types.js';
import { InMemoryFileTree } from '../support/inMemoryFileTree.js';

/**
 * Answers each Python file with its `def` and `class` lines as symbols: a decorator line above
 * one makes it start its slice there, an indented `def` is a method of the class above.
 */
class LineParser implements SymbolParser {
  parses = 0;
  async parse(_language: string, text: string): Promise<FileSymbols> {
    this.parses++;
    const symbols: ExtractedSymbol[] = [];
    const lines = text.split('\n');
    let container: string | undefined;
    lines.forEach((line, i) => {
      const found = /^(\s*)(def|class) ([\p{L}_][\p{L}\p{N}_]*)/u.exec(line);
      if (!found) return;
      const [, indent, keyword, name] = found as unknown as [string, string, string, string];
      const sliceStartLine = lines[i - 1]?.trim().startsWith('@') ? i : i + 1;
      const symbol: ExtractedSymbol = {
        name,
        kind: keyword === 'class' ? 'class' : indent ? 'method' : 'function',
        startLine: i + 1,
        endLine: i + 2,
        sliceStartLine,
      };
      if (indent && container) symbol.container = container;
      if (keyword === 'class') container = name;
      symbols.push(symbol);
    });
    const warning = text.includes('(((') ? 'the file has syntax errors; symbols near them may be missing' : undefined;
    return { symbols, references: [], referencesOmitted: true, ...(warning ? { warning } : {}) };
  }
  close(): void {}
}

const FILES: Record<string, string> = {
  'shapes.py': ['class Circle:', '    @property', '    def area(self):', '        return 1', '', 'def größe():', '    return 2', ''].join(
    '\n',
  ),
  'broken.py': ['def ok():', '    return (((', ''].join('\n'),
  'empty.py': '# nothing here\n',
  ['__proto__']: '#!/usr/bin/env python3\ndef odd():\n    pass\n', // Python by its first line; a name that must stay a plain key
  'notes.md': '# Notes\n',
};

let cacheDir: string;
beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'rlm-symbol-pack-'));
});
afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

/** symbols() of every file over a fresh index: the JSON text and note of each, the parses it took and the files it read. */
async function allSymbols(
  tree: InMemoryFileTree,
): Promise<{ answers: Record<string, { text: JsonText<SymbolInfo[]>; note?: string }>; parses: number; reads: readonly string[] }> {
  const parser = new LineParser();
  const index = new SymbolIndex({ tree, cacheDir, pool: parser });
  const answers: Record<string, { text: JsonText<SymbolInfo[]>; note?: string }> = {};
  for (const path of await tree.files()) {
    const { symbols, note } = await index.symbols(path);
    answers[path] = { text: symbols, ...(note ? { note } : {}) };
  }
  await index.close(); // writes the pack
  return { answers, parses: parser.parses, reads: tree.reads };
}

const packFile = () => join(cacheDir, 'symbols.pack');

/** The same pack written as format 4 did: header rows as objects keyed by path and content key, positions in bytes. */
function format4Pack(written: Buffer): Buffer {
  const end = written.indexOf(0x0a);
  const header = JSON.parse(written.toString('utf8', 0, end)) as {
    files: Array<[string, ...unknown[]]>;
    results: Array<[string, number, number, number, ...unknown[]]>;
  };
  const text = written.toString('utf8', end + 1);
  const bytes = (from: number, to: number) => Buffer.byteLength(text.slice(from, to));
  const results = header.results.map(([key, offset, info, starts, ...rest]) => [
    key,
    [bytes(0, offset), bytes(offset, offset + info), bytes(offset + info, offset + info + starts), ...rest],
  ]);
  const old = {
    ...header,
    format: 4,
    files: Object.fromEntries(header.files.map(([path, ...entry]) => [path, entry])),
    results: Object.fromEntries(results),
  };
  return Buffer.concat([Buffer.from(JSON.stringify(old)), Buffer.from([0x0a]), written.subarray(end + 1)]);
}

describe('the symbols pack', () => {
  it('gives a new process the same symbols() text a parse gave, without reading or parsing, and objects for slice()', async () => {
    const cold = await allSymbols(new InMemoryFileTree(FILES));
    expect(cold.parses).toBe(4);
    expect(cold.answers['__proto__']!.text.value()).toEqual([{ name: 'odd', kind: 'function', startLine: 2, endLine: 3 }]);
    expect(cold.answers['shapes.py']!.text.value()).toEqual([
      { name: 'Circle', kind: 'class', startLine: 1, endLine: 2 },
      { name: 'area', kind: 'method', startLine: 3, endLine: 4, container: 'Circle' },
      { name: 'größe', kind: 'function', startLine: 6, endLine: 7 },
    ]);
    expect(cold.answers['broken.py']!.note).toBe('broken.py: the file has syntax errors; symbols near them may be missing');

    const warm = await allSymbols(new InMemoryFileTree(FILES));
    expect(warm.parses).toBe(0);
    expect(warm.reads).toEqual(['notes.md']); // only the file without a parser, which the pack does not hold
    expect(warm.answers).toEqual(cold.answers);

    const tree = new InMemoryFileTree(FILES);
    const index = new SymbolIndex({ tree, cacheDir, pool: new LineParser() });
    const { slice } = await index.slice('shapes.py', 'Circle.area');
    expect(slice).toMatchObject({ name: 'Circle.area', startLine: 2, endLine: 4 }); // from the decorator: its slice start came back
    expect(slice?.text.split('\n')[0]).toBe('    @property');
    const parsed = await index.parse('broken.py');
    expect(parsed.result).toMatchObject({ lines: 2, warning: 'the file has syntax errors; symbols near them may be missing' });
    await index.close();
  });

  it('is ignored when damaged, truncated or of an older format, and files are parsed again', async () => {
    const first = await allSymbols(new InMemoryFileTree(FILES));
    const written = readFileSync(packFile());
    const body = written.indexOf(0x0a) + 1;
    const flipped = Buffer.from(written);
    flipped[body + 2] = flipped[body + 2] === 0x61 ? 0x62 : 0x61; // one byte of a result's text
    const damaged: Array<[string, Buffer]> = [
      ['garbage', Buffer.from('not a pack at all')],
      ['a byte of the body changed', flipped],
      ['truncated', written.subarray(0, written.length - 10)],
      ['the JSON pack of format 2', Buffer.from(JSON.stringify({ format: 2, files: {}, results: {} }))],
      [
        'a header of format 3 (results as JSON arrays of objects)',
        Buffer.concat([Buffer.from(written.toString('utf8', 0, body).replace('"format":5', '"format":3')), written.subarray(body)]),
      ],
      ['a pack of format 4 (rows keyed by path, positions in bytes)', format4Pack(written)],
    ];
    for (const [what, bytes] of damaged) {
      writeFileSync(packFile(), bytes);
      const again = await allSymbols(new InMemoryFileTree(FILES));
      expect(again.parses, what).toBe(4);
      expect(again.answers, what).toEqual(first.answers);
    }
  });

  it('parses a changed file again and drops a deleted one', async () => {
    await allSymbols(new InMemoryFileTree(FILES));
    const tree = new InMemoryFileTree(FILES);
    tree.write('shapes.py', 'def square():\n    return 4\n');
    tree.delete('empty.py');
    const parser = new LineParser();
    const index = new SymbolIndex({ tree, cacheDir, pool: parser });
    expect((await index.symbols('shapes.py')).symbols.value()).toEqual([{ name: 'square', kind: 'function', startLine: 1, endLine: 2 }]);
    expect(parser.parses).toBe(1);
    await expect(index.symbols('empty.py')).rejects.toThrow(/No such file/);
    await index.close();

    // The next process still knows the unchanged files, and nothing of the deleted one, even
    // though the pack it merged with on writing still held it.
    const next = new SymbolCache(cacheDir);
    const seen = await new InMemoryFileTree(FILES).fingerprint('empty.py');
    expect(await next.lookup('empty.py', seen)).toBeUndefined();
    expect(await next.lookup('broken.py', await tree.fingerprint('broken.py'))).toMatchObject({ language: 'python' });
  });

  it('checks and decodes the body on prepare(), before a result is asked for', async () => {
    await allSymbols(new InMemoryFileTree(FILES));
    const header = JSON.parse(readFileSync(packFile()).toString('utf8').split('\n', 1)[0]!) as { results: Array<[string]> };
    const key = header.results[0]![0];
    // The pack's body is a view of the bytes read: bytes changed after prepare() are never seen.
    const readBody = (prepare: boolean) => {
      const bytes = readFileSync(packFile());
      const pack = SymbolPack.read(bytes)!;
      if (prepare) pack.prepare();
      bytes.fill(0x61, bytes.indexOf(0x0a) + 1);
      return pack.get(key);
    };
    expect(readBody(false)).toBeUndefined(); // decoded at the first get(): the hash no longer matches
    expect(readBody(true)).toMatchObject({ info: expect.stringContaining('"name"') as unknown });
  });
});
