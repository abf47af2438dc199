// Cancelling over HTTP while a fan-out is in flight against a server that never answers: ask()
// settles with what it found (it cannot have waited for a reply), and the server sees every
// connection closed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkspace } from '../../fixtures/makeWorkspace.js';
import { text } from '../../support/scriptedModelServer.js';
import { waitUntil } from '../../support/waitUntil.js';
import { js, kindOf, sleep, startHarness, turnOf, workspaceWithGenerated } from './harness.js';

let ws: TestWorkspace;
beforeAll(() => (ws = workspaceWithGenerated(24)));
afterAll(() => ws.cleanup());
let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

describe('cancellation over HTTP', () => {
  it('aborting mid fan-out settles at once, cancelled, with the findings kept', async () => {
    const controller = new AbortController();
    let subsArrived = 0;
    const h = await startHarness(ws, (request) => {
      if (kindOf(request) === 'sub') {
        subsArrived++;
        return new Promise<never>(() => undefined); // never answers: only the abort can end the run
      }
      if (turnOf(request) === 1) return js('print("found: gen/file07.ts exports 49")');
      if (turnOf(request) === 2)
        return js(
          'const all = await Promise.all(glob("gen/*.ts").map((f) => llm("What does it export?", read(f))));\nFINAL(all.join(","))',
        );
      return js('FINAL("should never be asked")');
    });
    close = h.close;
    const run = h.run({ scheduler: { concurrency: 4 }, signal: controller.signal });

    await waitUntil(() => subsArrived === 4 && h.server.inFlight === 4, 'all four sub-calls are in flight', { everyMs: 10 });
    controller.abort();
    const result = await run;

    expect(result).toMatchObject({ status: 'cancelled', reason: 'cancelled' });
    expect(result.answer).toBe('Cancelled before a final answer.');
    // Turn 2's cell was cut short: turn 1's finding and turn 2's reads are what the run found.
    expect(result.findings).toContain('**Turn 1** — ran code\n```text\nfound: gen/file07.ts exports 49\n```');
    expect(result.findings).toMatch(
      /\*\*Turn 2\*\* — read `gen\/file00\.ts:1`.*; called `glob\("gen\/\*\.ts"\)`, `llm\("What does it export\?"\)`, `read\(\)`/,
    );
    // The in-flight requests were closed, and the queued ones never sent.
    await waitUntil(() => h.server.inFlight === 0, 'the server holds no request', { timeoutMs: 1000, everyMs: 10 });
    await sleep(100);
    expect(subsArrived).toBe(4);
    expect(h.server.requests.filter((r) => kindOf(r) === 'root')).toHaveLength(2);
    // Nothing is left running in the trace; the open work shows as cancelled.
    expect(result.trace.every((n) => n.status !== 'running' && n.endMs !== undefined)).toBe(true);
    expect(result.trace[0]).toMatchObject({ kind: 'rlm', status: 'cancelled' });
    const subs = result.trace.filter((n) => n.kind === 'llm' && n.model === 'sub-model');
    expect(subs.length).toBeGreaterThanOrEqual(4);
    expect(subs.every((n) => n.status === 'cancelled')).toBe(true);
    // The cell that was waiting on the fan-out is cancelled too, not an error of the model's code.
    expect(result.trace.filter((n) => n.kind === 'cell').at(-1)).toMatchObject({ status: 'cancelled' });
    expect(result.stats.subCalls).toBeGreaterThanOrEqual(4);
    expect(h.server.maxInFlight).toBe(4);
  });

  it('aborting a slow root turn (a stream that trickles for minutes) stops it at once', async () => {
    const controller = new AbortController();
    const h = await startHarness(ws, () => text(`${'word '.repeat(5000)}\n${js('FINAL("late")')}`, { chunkDelayMs: 50 }));
    close = h.close;
    const run = h.run({ signal: controller.signal });
    await waitUntil(() => h.server.inFlight === 1, 'one request is in flight', { timeoutMs: 5000, everyMs: 10 });
    await sleep(200);
    controller.abort();
    const result = await run;
    expect(result).toMatchObject({ answer: 'Cancelled before a final answer.', status: 'cancelled', reason: 'cancelled' });
    await waitUntil(() => h.server.inFlight === 0, 'the server holds no request', { timeoutMs: 1000, everyMs: 10 });
    expect(h.server.requests).toHaveLength(1);
  });
});
