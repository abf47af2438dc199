// Very long lines through lines() (what peek reads): cut at MAX_PEEK_LINE_CHARS with a marker,
// after reading only their head — a line longer than the longest string V8 can hold is peeked
// like any other — and redacted before the cut, a credential straddling it included.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PEEK_LINE_CHARS } from '../../src/workspace/longLines.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';

const MIB = 1024 * 1024;
const TOKEN = 'ghp_Q8w2E9r4T7y1U3i5O6p0A2s4D6f8G1h3J5k7';

let dir: string;
let tree: WorkspaceTree;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rlm-long-lines-'));
  // 600 MB on one line (text, then holes): past V8's string limit (~512 MB), so reading the
  // whole line cannot even be decoded.
  const fd = openSync(join(dir, 'dump.txt'), 'w');
  writeSync(fd, Buffer.from(`${'a'.repeat(16_384)}`));
  writeSync(fd, Buffer.from('z\nshort second line\n'), 0, 20, 600 * MIB);
  closeSync(fd);
  // Over the size redacted whole: the line is judged on its head; the token straddles the cut.
  const before = `const a="${'x'.repeat(MAX_PEEK_LINE_CHARS - 36)}",k="`;
  writeFileSync(join(dir, 'bundle.min.js'), `${before}${TOKEN}";${'y'.repeat(9 * MIB)}\nconsole.log(k);\n`);
  writeFileSync(join(dir, 'small.min.js'), `${'m'.repeat(5_000)}\nnext\n`);
  tree = new WorkspaceTree({ roots: [{ path: dir }] });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lines() of very long lines', () => {
  it('cuts a 600 MB line to its head, with a marker giving its length', async () => {
    const range = await tree.lines('dump.txt', 1, 2);
    expect(range.totalLines).toBe(2);
    expect(range.lines[0]).toBe(
      `${'a'.repeat(MAX_PEEK_LINE_CHARS)}… [line cut at ${MAX_PEEK_LINE_CHARS} characters; the line is 600 MB: grep finds text in the rest]`,
    );
    expect(range.lines[1]).toBe('short second line');
  }, 60_000);

  it('cuts a long line in a small file, and keeps the lines after it', async () => {
    const { lines } = await tree.lines('small.min.js', 1, 2);
    expect(lines[0]).toMatch(
      new RegExp(`^m{${MAX_PEEK_LINE_CHARS}}… \\[line cut at ${MAX_PEEK_LINE_CHARS} characters; the line is 4.9 KB`),
    );
    expect(lines[1]).toBe('next');
  });

  it('redacts before it cuts: no part of a token that straddles the cut is shown', async () => {
    const { lines } = await tree.lines('bundle.min.js', 1, 2);
    expect(lines[0]).not.toContain(TOKEN.slice(0, 8));
    expect(lines[0]).toContain('«redacted');
    expect(lines[0]!.length).toBeLessThan(MAX_PEEK_LINE_CHARS + 100);
    expect(lines[1]).toBe('console.log(k);');
  });
});
