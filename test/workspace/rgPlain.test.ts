import { describe, expect, it } from 'vitest';
import { parsePlainRecord } from '../../src/workspace/rgPlain.js';

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
