// grep stamps a matching file (for the marker-lines cache) while rg still searches the others, but
// only once rg has handed over all of that file's matches: rg searching on one thread (one CPU)
// prints a large file's first matches before it has read the rest, and a stamp taken then could be
// older than text rg reads after it — a cached "no credential" verdict applied to newer text.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grepWorkspace } from '../../src/workspace/grep.js';

let dir: string;
let fakeRg: string;
/** Written by the stand-in rg just before it prints big.py's last match. */
let lastMatchSent: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rlm-grep-stamps-'));
  lastMatchSent = join(dir, 'last-match-sent');
  fakeRg = join(dir, 'rg');
  // rg's plain heading output (rgPlain.ts) for two files, big.py's block flushed in two parts.
  const script = [
    `const { writeFileSync } = require('node:fs');`,
    `const out = (text, then) => process.stdout.write(text, then);`,
    `out('./big.py\\0' + '1:1:def first():\\n', () => setTimeout(() => {`,
    `  writeFileSync(${JSON.stringify(lastMatchSent)}, '');`,
    `  out('9000:1:def last():\\n\\n./small.py\\0' + '2:1:def other():\\n');`,
    `}, 150));`,
  ].join('\n');
  writeFileSync(fakeRg, `#!${process.execPath}\n${script}\n`);
  chmodSync(fakeRg, 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('grep onFile', () => {
  it('tells of a file only after its block ended, each file once, the last one when rg ends', async () => {
    const told: Array<[path: string, lastMatchWasSent: boolean]> = [];
    const result = await grepWorkspace(
      { pattern: 'def \\w+', maxResults: 0 },
      {
        roots: ['ws'],
        rootPaths: [dir],
        rules: { allowSecrets: false, exclude: [], rgPath: fakeRg },
        kindOf: () => 'file',
        onFile: (path) => told.push([path, existsSync(lastMatchSent)]),
      },
    );
    expect(result.matches.rows().map((m) => `${m.path}:${m.line}`)).toEqual(['big.py:1', 'big.py:9000', 'small.py:2']);
    expect(told).toEqual([
      ['big.py', true],
      ['small.py', true],
    ]);
  });
});
