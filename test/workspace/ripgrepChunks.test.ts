// runRipgrep's onChunk hands over whole records only, however the pipe cuts the output; onBytes,
// built on it, one record at a time.
import { describe, expect, it } from 'vitest';
import { runRipgrep } from '../../src/workspace/ripgrep.js';

/** A stand-in for rg (node itself) that writes its output in the given pieces, one per tick. */
const writesInPieces = (pieces: string[]): string[] => [
  '-e',
  `const pieces = ${JSON.stringify(pieces)}; const next = () => { const p = pieces.shift(); if (p === undefined) return; process.stdout.write(p, () => setTimeout(next, 20)); }; next();`,
];

describe('runRipgrep onChunk', () => {
  it('joins records cut across pipe writes and passes an unterminated last record at the end', async () => {
    const chunks: string[] = [];
    const exit = await runRipgrep({
      args: writesInPieces(['a\0', '1:1:x\nb\0', '2:', '2:yy\nc\0', '3', '-zz\nd\0', '4:1:last']),
      cwd: process.cwd(),
      separator: '\n',
      rgPath: process.execPath,
      onRecord: () => undefined,
      onChunk: (records) => chunks.push(records.toString('utf8')),
    });
    expect(exit.code).toBe(0);
    expect(chunks.every((chunk, i) => chunk.endsWith('\n') || i === chunks.length - 1)).toBe(true);
    expect(chunks.join('')).toBe('a\x001:1:x\nb\x002:2:yy\nc\x003-zz\nd\x004:1:last');
    expect(chunks.length).toBeGreaterThan(2);
  });

  it('onBytes: each record whole, empty ones skipped, the unterminated last one at the end', async () => {
    const records: string[] = [];
    await runRipgrep({
      args: writesInPieces(['one\ntw', 'o\n\nthr', 'ee', '\nfour']),
      cwd: process.cwd(),
      separator: '\n',
      rgPath: process.execPath,
      onRecord: () => undefined,
      onBytes: (record) => records.push(record.toString('utf8')),
    });
    expect(records).toEqual(['one', 'two', 'three', 'four']);
  });
});
