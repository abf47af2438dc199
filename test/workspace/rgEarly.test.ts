// An rg run started ahead (`rlm ask`'s entry point starts the listing's walk before the CLI loads)
// is taken over by the first runRipgrep with the same binary, folder and arguments: one process,
// and its output, stderr and exit code arrive as from a run started then, even when it ended
// before it was taken. A run nobody takes is stopped.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dropEarlyRipgrep, startRipgrepEarly, type EarlyRun } from '../../src/workspace/rgEarly.js';
import { runRipgrep } from '../../src/workspace/ripgrep.js';

let dir: string;
const made: string[] = [];
const savedTmp = process.env.TMPDIR;
const restoreTmp = () => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
};
afterEach(() => {
  restoreTmp();
  dropEarlyRipgrep();
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A stand-in rg (node running `body`) that first notes its start in `dir`/starts. */
function standIn(body: string): string[] {
  dir = mkdtempSync(join(tmpdir(), 'rlm-rg-early-'));
  made.push(dir);
  const starts = JSON.stringify(join(dir, 'starts'));
  return ['-e', `require('fs').appendFileSync(${starts}, 'x'); ${body}`];
}
const starts = () => (existsSync(join(dir, 'starts')) ? readFileSync(join(dir, 'starts'), 'utf8').length : 0);

const run = (args: string[], records: string[]) =>
  runRipgrep({ args, cwd: process.cwd(), separator: '\0', rgPath: process.execPath, spool: true, onRecord: (r) => records.push(r) });

const ended = (early: EarlyRun) =>
  new Promise<void>((resolve) => (early.child.exitCode !== null ? resolve() : early.child.once('exit', () => resolve())));

const PRINTS = `process.stdout.write('a.py\\0b/c.py\\0'); process.stderr.write('warned'); process.exitCode = 2;`;

describe('rg started early', () => {
  it('is taken over by the run with the same arguments: one process, its output, stderr and exit code', async () => {
    const args = standIn(`setTimeout(() => { ${PRINTS} }, 200);`);
    const early = startRipgrepEarly(process.execPath, process.cwd(), args)!;
    const records: string[] = [];
    expect(await run(args, records)).toEqual({ code: 2, stderr: 'warned' });
    expect(records).toEqual(['a.py', 'b/c.py']);
    expect(early.taken).toBe(true);
    expect(starts()).toBe(1);
  });

  it('keeps what a run that ended before it was taken said: output, stderr, exit code', async () => {
    const args = standIn(PRINTS);
    const early = startRipgrepEarly(process.execPath, process.cwd(), args)!;
    await ended(early);
    await new Promise((resolve) => setTimeout(resolve, 50)); // its close and stderr have come too
    const records: string[] = [];
    expect(await run(args, records)).toEqual({ code: 2, stderr: 'warned' });
    expect(records).toEqual(['a.py', 'b/c.py']);
    expect(starts()).toBe(1);
  });

  it('is not taken by a run with other arguments, and is stopped when dropped', async () => {
    const args = standIn(`if (process.argv.includes('other')) process.stdout.write('other\\0'); else setTimeout(() => {}, 30_000);`);
    const spools = join(dir, 'tmp');
    mkdirSync(spools);
    process.env.TMPDIR = spools; // where its spool goes
    const early = startRipgrepEarly(process.execPath, process.cwd(), args)!;
    restoreTmp();
    expect(readdirSync(spools)).toHaveLength(1);
    const records: string[] = [];
    await run([...args, 'other'], records);
    expect(records).toEqual(['other']);
    expect(early.taken).toBe(false);
    dropEarlyRipgrep();
    await ended(early);
    expect(early.child.signalCode).toBe('SIGTERM');
    expect(readdirSync(spools)).toEqual([]);
  });
});
