// Async host calls of a cell that is stopped (its time limit, or a cancel) before it awaited
// them. Under load the isolate process once dropped their host promises unsettled; when it
// collected them, isolated-vm rejected their guest promises ("Promise was abandoned"), nothing in
// the guest handled that, and isolated-vm threw it as the error of the next task in the isolate:
// a later cell "Could not start". Here the host collects garbage every few milliseconds, so a
// dropped promise is collected at once.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';
import type { CallScope, JsonValue, Sandbox } from '../../src/sandbox/sandbox.js';

const collectOften = join(__dirname, '../support/collectGarbageOften.cjs');

/** A model call that answers only when its cell's signal aborts it, as a real request does. */
function hangingModel(_args: JsonValue[], scope: CallScope): Promise<JsonValue> {
  return new Promise((_resolve, reject) => scope.signal.addEventListener('abort', () => reject(new Error('cancelled')), { once: true }));
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * An endless loop is ended by isolated-vm's own timeout, or — when a loaded machine lets the
 * host's stop timer (limit + 250 ms) fire first — by a restart of the isolate: either way the
 * cells after it must start and run, which is what this file is about.
 */
const ENDLESS = /An endless loop\?|Code was still running, so the sandbox was restarted/;

describe('isolated-vm: async calls of a stopped cell', () => {
  let sandbox: Sandbox;
  const nodeOptions = process.env.NODE_OPTIONS;
  // Inherited by the isolate processes the sandboxes fork (no spares: each forks its own, then).
  beforeAll(() => void (process.env.NODE_OPTIONS = `${nodeOptions ?? ''} --expose-gc --require ${collectOften}`));
  afterAll(() => void (process.env.NODE_OPTIONS = nodeOptions));
  beforeEach(async () => {
    const llm = { name: 'llm', async: true, call: hangingModel };
    sandbox = await IsolatedVmSandbox.create({ functions: [llm], globals: { query: 'q' }, cellTimeoutMs: 400 }, false);
  });
  afterEach(() => sandbox.dispose());

  it.each([
    ['an endless loop after them', 'for (let i = 0; i < 300; i++) llm("part " + i); while (true) {}', ENDLESS],
    ['waiting on something else', 'for (let i = 0; i < 300; i++) llm("part " + i); await new Promise(() => {})', /It was waiting/],
    [
      'a Promise.all of them cut short by the limit',
      'await Promise.all(Array.from({ length: 300 }, (_, i) => (i === 299 ? (() => { for (;;) {} })() : llm("part " + i))))',
      ENDLESS,
    ],
  ])('%s: the cells after it start and run', async (_name, code, stopped) => {
    expect((await sandbox.run(code)).error).toMatch(stopped);
    for (let k = 0; k < 4; k++) {
      await pause(60); // the isolate process collects its garbage meanwhile
      const next = await sandbox.run('query + (1 + 1)');
      expect(next.error).toBeUndefined();
      expect(next.output).toBe(''); // not even a rejection of the stopped cell's calls left to report
      expect(next.value).toBe('q2');
    }
  });
});

describe('isolated-vm: a rejection an earlier cell left unhandled', () => {
  it('is reported in the next cell, which runs', async () => {
    const llm = { name: 'llm', async: true, call: () => Promise.resolve('ok') };
    const sandbox = await IsolatedVmSandbox.create({ functions: [llm], globals: {} }, false);
    try {
      const first = await sandbox.run('llm("a").then(() => { throw new Error("late failure") }); await llm("b"); 1');
      expect(first.value).toBe('1');
      const next = await sandbox.run('2');
      expect(next.error).toBeUndefined();
      expect(next.value).toBe('2');
      expect(next.output).toContain('[an earlier cell left a promise rejected with nothing to handle it: late failure]');
    } finally {
      sandbox.dispose();
    }
  });
});
