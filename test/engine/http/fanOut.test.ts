// A fan-out of llm() sub-calls from root code through the one scheduler: the number of
// sub-calls in flight at the server reaches the concurrency limit and never exceeds it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkspace } from '../../fixtures/makeWorkspace.js';
import { text } from '../../support/scriptedModelServer.js';
import { js, kindOf, lastUser, startHarness, turnOf, workspaceWithGenerated } from './harness.js';

const FILES = 30;
let ws: TestWorkspace;
beforeAll(() => (ws = workspaceWithGenerated(FILES)));
afterAll(() => ws.cleanup());
let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

describe('fan-out over HTTP', () => {
  for (const concurrency of [4, 7]) {
    it(`keeps exactly ${concurrency} sub-calls in flight, never more`, async () => {
      let subInFlight = 0;
      let subMax = 0;
      let rootsSeenDuringSubs = 0;
      let started = 0;
      // A gate instead of a sleep: each sub-call is held until the scheduler has as many in flight
      // as it should (or every call has started), so the peak does not depend on machine speed.
      // The timeout only keeps a wrongly low limit from hanging the test; the peak then fails it.
      let release: (() => void)[] = [];
      const gate = () =>
        new Promise<void>((resolve) => {
          release.push(resolve);
          if (subInFlight >= concurrency || started === FILES) {
            for (const r of release) r();
            release = [];
          }
          setTimeout(resolve, 5000).unref();
        });
      const h = await startHarness(ws, async (request, ctx) => {
        if (kindOf(request) === 'sub') {
          subInFlight++;
          started++;
          subMax = Math.max(subMax, subInFlight);
          // Whatever else the server holds open now (nothing: the root turn has returned).
          rootsSeenDuringSubs = Math.max(rootsSeenDuringSubs, ctx.inFlight - subInFlight);
          await gate();
          subInFlight--;
          const value = /= (\d+);/.exec(lastUser(request))?.[1] ?? '?';
          return text(value, { usage: { inputTokens: 50, outputTokens: 2 } });
        }
        if (turnOf(request) === 1) {
          return js(
            'const files = glob("gen/*.ts");\nconst values = await Promise.all(files.map((f) => llm("Which number does this file export? Reply with the number only.", read(f))));\nFINAL(`${files.length} files, sum ${values.map(Number).reduce((a, b) => a + b, 0)}`)',
          );
        }
        return js('FINAL("unexpected second turn")');
      });
      close = h.close;
      const result = await h.run({ scheduler: { concurrency } });

      const expectedSum = Array.from({ length: FILES }, (_, i) => i * 7).reduce((a, b) => a + b, 0);
      expect(result).toMatchObject({ answer: `${FILES} files, sum ${expectedSum}`, status: 'done' });
      expect(result.stats).toMatchObject({ subCalls: FILES, calls: FILES + 1, inputTokens: expect.any(Number) as number });
      expect(h.server.requests.filter((r) => kindOf(r) === 'sub')).toHaveLength(FILES);
      expect(subMax).toBe(concurrency);
      expect(rootsSeenDuringSubs).toBe(0);
      // Only sub-calls were in flight during the fan-out, so the server's own count agrees.
      expect(h.server.maxInFlight).toBe(concurrency);
      expect(h.scheduler.stats().maxRunning).toBe(concurrency);
      const subNodes = result.trace.filter((n) => n.kind === 'llm' && n.model === 'sub-model');
      expect(subNodes).toHaveLength(FILES);
      expect(subNodes.every((n) => n.status === 'ok' && n.inputTokens === 50 && n.outputTokens === 2)).toBe(true);
      // Sub-calls hang under the running cell.
      const cell = result.trace.find((n) => n.kind === 'cell');
      expect(subNodes.every((n) => n.parentId === cell?.id)).toBe(true);
    });
  }
});
