import { describe, expect, it } from 'vitest';
import { parsePlainRecord, plainChunkParser } from '../../src/workspace/rgPlain.js';

const record = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('parsePlainRecord', () => {
  it('reads a match: path, line, byte column turned into a string column', () => {
    expect(parsePlainRecord(record('./src/a.ts', [0], '12:9:const é = "café";'))).toEqual({
      kind: 'match',
      path: './src/a.ts',
      line: 12,
      column: 8,
      text: 'const é = "café";',
    });
    expect(parsePlainRecord(record('a.ts', [0], '3:1:🎉 party'))?.column).toBe(1);
    expect(parsePlainRecord(record('a.ts', [0], '3:6:🎉 party'))?.column).toBe(4);
  });

  it('reads context lines and drops a CR before the split newline', () => {
    expect(parsePlainRecord(record('a.ts', [0], '4-  return 1;\r'))).toEqual({
      kind: 'context',
      path: 'a.ts',
      line: 4,
      column: 1,
      text: '  return 1;',
    });
  });

  it('decodes non-UTF-8 text as windows-1252, column included', () => {
    const latin1 = parsePlainRecord(record('old.txt', [0], '1:6:', [0x63, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x35]));
    expect(latin1).toMatchObject({ text: 'café €5', column: 6 });
  });

  it('skips records that are not matches', () => {
    expect(parsePlainRecord(record('--'))).toBeUndefined();
    expect(parsePlainRecord(record('a.ts', [0], 'x:y'))).toBeUndefined();
    expect(parsePlainRecord(record([0x66, 0xff], [0], '1:1:x'))).toBeUndefined();
  });
});

describe('plainChunkParser', () => {
  type Line = [kind: string, path: string, line: number, column: number, text: string];
  const parseChunks = (...chunks: Buffer[]): Line[] => {
    const lines: Line[] = [];
    const parse = plainChunkParser((...line) => lines.push(line));
    for (const chunk of chunks) parse(chunk);
    return lines;
  };
  const nl = [0x0a];

  it('reads every record of a chunk, the same as record by record', () => {
    const chunk = record(
      './a.py',
      [0],
      '3:5:def run(self):',
      nl,
      './a.py',
      [0],
      '4-    pass\r',
      nl,
      './b.py',
      [0],
      '12:9:const é = "café";',
      nl,
    );
    expect(parseChunks(chunk)).toEqual([
      ['match', './a.py', 3, 5, 'def run(self):'],
      ['context', './a.py', 4, 1, '    pass'],
      ['match', './b.py', 12, 8, 'const é = "café";'],
    ]);
  });

  it('turns byte columns into string columns on non-ASCII lines only', () => {
    const chunk = record('x.py', [0], '1:6:🎉 party', nl, 'x.py', [0], '2:3:ab party', nl);
    expect(parseChunks(chunk).map((line) => line[3])).toEqual([4, 3]);
  });

  it('decodes a chunk that is not UTF-8 record by record, as windows-1252', () => {
    const chunk = record('old.txt', [0], '1:6:', [0x63, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x35], nl, 'new.txt', [0], '2:1:ok', nl);
    expect(parseChunks(chunk)).toEqual([
      ['match', 'old.txt', 1, 6, 'café €5'],
      ['match', 'new.txt', 2, 1, 'ok'],
    ]);
  });

  it('skips records that are not lines, and files whose name was not UTF-8', () => {
    const chunk = record('--', nl, 'a.ts', [0], 'x:y', nl, 'a\uFFFD.ts', [0], '1:1:x', nl, 'a.ts', [0], '7:2: y');
    expect(parseChunks(chunk)).toEqual([['match', 'a.ts', 7, 2, ' y']]);
    expect(parseChunks(record([0x66, 0xff], [0], '1:1:x', nl))).toEqual([]);
  });
});
