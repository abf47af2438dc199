// The pool keeps a worker's next file waiting in the worker, so the worker never sits idle while
// this thread is busy between two replies.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParsePool } from '../../src/symbols/workerPool.js';

/** A worker that answers only once it holds two requests: a pool that waits for each answer before sending the next never gets one. */
const PAIR_WORKER = `
const { parentPort } = require('node:worker_threads');
const held = [];
parentPort.on('message', (request) => {
  held.push(request);
  if (held.length < 2) return;
  for (const r of held.splice(0)) parentPort.postMessage({ id: r.id, result: { symbols: [], references: [], lines: r.text.length } });
});`;

describe('ParsePool pipelining', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rlm-pool-'));
    writeFileSync(join(dir, 'pairWorker.js'), PAIR_WORKER);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends a worker its next file before it has answered the current one', async () => {
    const pool = new ParsePool({ size: 1, workerScript: join(dir, 'pairWorker.js'), parseTimeoutMs: 1_000 });
    const [a, b] = await Promise.all([pool.parse('python', 'a'), pool.parse('python', 'bb')]);
    expect([a.warning, b.warning]).toEqual([undefined, undefined]);
    expect([a.lines, b.lines]).toEqual([1, 2]);
    pool.close();
  });

  it('gives each file its own result when a later file needs a grammar already loaded', async () => {
    const pool = new ParsePool({ size: 1 });
    expect((await pool.parse('javascript', 'function warm() {}')).symbols[0]?.name).toBe('warm');
    const [python, javascript] = await Promise.all([
      pool.parse('python', 'def first():\n    pass\n'),
      pool.parse('javascript', 'function second() {}'),
    ]);
    expect(python.symbols.map((s) => s.name)).toEqual(['first']);
    expect(javascript.symbols.map((s) => s.name)).toEqual(['second']);
    pool.close();
  });

  it('answers the files a worker held with a warning when the pool closes', async () => {
    const pool = new ParsePool({ size: 1, workerScript: join(dir, 'pairWorker.js'), parseTimeoutMs: 60_000 });
    const held = pool.parse('python', 'a');
    pool.close();
    expect((await held).warning).toMatch(/shut down/);
  });
});
