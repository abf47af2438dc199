// The listing's rg writes into a spool file, not a pipe: it runs to its end while this thread is
// busy (the CLI loading the engine), and every record still arrives whole, in order.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runRipgrep, type RipgrepRun } from '../../src/workspace/ripgrep.js';

/** Runs a stand-in for rg (node itself, running `script`) with a spool. */
const spooled = (script: string, take: Pick<RipgrepRun, 'onRecord' | 'onChunk' | 'onIdle'>) =>
  runRipgrep({ args: ['-e', script], cwd: process.cwd(), separator: '\0', rgPath: process.execPath, spool: true, ...take });

/** Blocks this thread until `path` exists, as long module loading would; false if it never came. */
function busyUntilExists(path: string, boundMs = 30_000): boolean {
  const end = Date.now() + boundMs; // a bound so that a broken spool fails instead of hanging
  while (!existsSync(path)) if (Date.now() > end) return false;
  return true;
}

const savedTmp = process.env.TMPDIR;
const made: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(savedTmp ?? tmpdir(), prefix));
  made.push(dir);
  return dir;
};
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('runRipgrep with a spool', () => {
  it('lets rg write all of its output and end while this thread is busy', async () => {
    const done = join(tempDir('rlm-spool-test-'), 'done');
    // 8 MB in 64 KB writes (a pipe takes a few hundred KB), then a mark that rg got to its end.
    const script = `const fs = require('fs'); const rec = 'x'.repeat(1023) + '\\0'; const block = rec.repeat(64);
      for (let i = 0; i < 128; i++) fs.writeSync(1, block); fs.writeFileSync(${JSON.stringify(done)}, '');`;
    let records = 0;
    const run = spooled(script, { onRecord: (record) => void (record.length === 1023 && records++) });
    expect(busyUntilExists(done)).toBe(true);
    expect((await run).code).toBe(0);
    expect(records).toBe(128 * 64);
  });

  it('reads what rg left after its end in slices, the event loop turning between them', async () => {
    const done = join(tempDir('rlm-spool-test-'), 'done');
    const script = `const fs = require('fs'); const rec = 'x'.repeat(1023) + '\\0'; const block = rec.repeat(64);
      for (let i = 0; i < 128; i++) fs.writeSync(1, block); fs.writeFileSync(${JSON.stringify(done)}, '');`;
    let records = 0;
    let seenByTimer: number | undefined;
    const run = spooled(script, {
      onRecord: () => {
        // A timer set at the first record: it fires between two reads, not after the last.
        if (records++ === 0) setTimeout(() => (seenByTimer = records), 0);
      },
    });
    // Busy until rg has written everything and exited, as module loading would be.
    expect(busyUntilExists(done)).toBe(true);
    const end = Date.now() + 500;
    while (Date.now() < end);
    expect((await run).code).toBe(0);
    expect(records).toBe(128 * 64);
    expect(seenByTimer).toBeLessThan(records);
  });

  it('keeps records and characters whole across writes, and leaves no file behind', async () => {
    process.env.TMPDIR = tempDir('rlm-spool-dir-');
    // "é" is two bytes in UTF-8: the first write ends between them.
    const pieces = ['alpha\0caf', '\xC3', '\xA9\0be', 'ta\0last'];
    const script = `const pieces = ${JSON.stringify(pieces)}; const next = () => { const p = pieces.shift();
      if (p === undefined) return; require('fs').writeSync(1, Buffer.from(p, 'latin1')); setTimeout(next, 20); }; next();`;
    const records: string[] = [];
    await spooled(script, { onRecord: (record) => records.push(record) });
    expect(records).toEqual(['alpha', 'café', 'beta', 'last']);
    expect(readdirSync(process.env.TMPDIR)).toEqual([]);
  });

  it('hands whole records to onChunk', async () => {
    const script = `const p = ['a\\0b', 'b\\0', 'c']; const next = () => { const x = p.shift(); if (x === undefined) return;
      require('fs').writeSync(1, x); setTimeout(next, 20); }; next();`;
    const chunks: string[] = [];
    await spooled(script, { onRecord: () => undefined, onChunk: (records) => chunks.push(records.toString('utf8')) });
    expect(chunks.every((chunk, i) => chunk.endsWith('\0') || i === chunks.length - 1)).toBe(true);
    expect(chunks.join('')).toBe('a\0bb\0c');
  });

  it('gives the thread to onIdle once all of the output so far is read while rg runs', async () => {
    const go = join(tempDir('rlm-spool-test-'), 'go');
    // One record, then nothing until onIdle has run (a bound, so that a run that never calls it fails instead of hanging).
    const script = `const fs = require('fs'); fs.writeSync(1, 'first\\0'); const end = Date.now() + 10000;
      const wait = () => (fs.existsSync(${JSON.stringify(go)}) || Date.now() > end ? fs.writeSync(1, 'second\\0') : setTimeout(wait, 5)); wait();`;
    const records: string[] = [];
    let seenWhenIdle: string[] | undefined;
    const exit = await spooled(script, {
      onRecord: (record) => records.push(record),
      onIdle: () => {
        if (seenWhenIdle || records.length === 0) return false; // idle before the first record too: nothing to do then
        seenWhenIdle = [...records];
        writeFileSync(go, '');
        return true;
      },
    });
    expect(exit.code).toBe(0);
    expect(seenWhenIdle).toEqual(['first']);
    expect(records).toEqual(['first', 'second']);
  });
});
