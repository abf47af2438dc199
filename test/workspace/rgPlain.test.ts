import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { plainChunkParser } from '../../src/workspace/rgPlain.js';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

type Line = [kind: string, path: string, line: number, column: number, text: string];

/** What the parser reports for rg output handed over in these chunks. */
const parse = (...chunks: Buffer[]): Line[] => {
  const lines: Line[] = [];
  const parser = plainChunkParser((...line) => lines.push(line));
  for (const chunk of chunks) parser(chunk);
  return lines;
};

describe('plainChunkParser', () => {
  it('reads file blocks: the heading path, its match and context lines, a blank record between files', () => {
    const output = bytes('./a.py\x003:5:def run(self):\n4-    pass\r\n5:1:def stop():\n\n./src/b.ts\x0012:9:const é = "café";\n');
    expect(parse(output)).toEqual([
      ['match', './a.py', 3, 5, 'def run(self):'],
      ['context', './a.py', 4, 1, '    pass'],
      ['match', './a.py', 5, 1, 'def stop():'],
      ['match', './src/b.ts', 12, 8, 'const é = "café";'],
    ]);
  });

  it('keeps a file block across chunks', () => {
    expect(parse(bytes('a.py\x001:1:x\n'), bytes('2:1:y\n\n'), bytes('b.py\x003:2: z\n'))).toEqual([
      ['match', 'a.py', 1, 1, 'x'],
      ['match', 'a.py', 2, 1, 'y'],
      ['match', 'b.py', 3, 2, ' z'],
    ]);
  });

  it('gives the Latin-1 lines of a chunk holding a wider character one byte per character', () => {
    // V8 keeps a string with a character past U+00FF two bytes per character, and every slice of it:
    // grep's reply, joined from such slices, would cost twice the bytes at every copy.
    const texts = parse(bytes('x.py\x001:1:def café():\n2:1:def ok():\n3:5:# ✓ def wide():\n')).map((line) => line[4]);
    expect(texts).toEqual(['def café():', 'def ok():', '# ✓ def wide():']);
    const twoByte = (text: string) => serialize(text).length > 2 * text.length;
    expect(texts.map(twoByte)).toEqual([false, false, true]);
  });

  it('turns byte columns into string columns on non-ASCII lines', () => {
    const output = bytes('x.py\x001:6:🎉 party\n2:3:ab party\n3:1:🎉 party\n');
    expect(parse(output).map((line) => line[3])).toEqual([4, 3, 1]);
  });

  it('decodes lines that are not UTF-8 as windows-1252, column included, and the rest of the chunk as UTF-8', () => {
    const output = bytes('old.txt\x001:6:', [0x63, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x35], '\n2:1:é ok\n\nnew.txt\x002:1:ok\n');
    expect(parse(output)).toEqual([
      ['match', 'old.txt', 1, 6, 'café €5'],
      ['match', 'old.txt', 2, 1, 'é ok'],
      ['match', 'new.txt', 2, 1, 'ok'],
    ]);
  });

  it('skips records that are not lines, and the files whose name was not UTF-8', () => {
    expect(parse(bytes('a.ts\x00x:y\n--\n:3:z\n7:2: y\n'))).toEqual([['match', 'a.ts', 7, 2, ' y']]);
    expect(parse(bytes([0x66, 0xff], [0], '1:1:x\n2:1:y\n\nb.ts\x001:1:z\n'))).toEqual([['match', 'b.ts', 1, 1, 'z']]);
    expect(parse(bytes('a\uFFFD.ts\x001:1:x\n'))).toEqual([]);
  });

  it('skips the lines of a file whose heading is not one (a name holding a newline)', () => {
    expect(parse(bytes('a.py\x001:1:x\n\nodd\nname.py\x002:1:y\n3:1:z\n\nb.py\x004:1:w\n'))).toEqual([
      ['match', 'a.py', 1, 1, 'x'],
      ['match', 'b.py', 4, 1, 'w'],
    ]);
  });
});
