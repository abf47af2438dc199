// A run that ends at a limit over HTTP: the model's best answer, and what the run found beside
// it, never the model's last code as the answer.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, type TestWorkspace } from '../../fixtures/makeWorkspace.js';
import { js, lastUser, startHarness, turnOf } from './harness.js';

let ws: TestWorkspace;
beforeAll(() => (ws = makeWorkspace('basic')));
afterAll(() => ws.cleanup());
let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

describe('partial results over HTTP', () => {
  it('at the turn limit a best answer of code alone is not the answer; the findings say what was found', async () => {
    const h = await startHarness(ws, (r) => {
      // A model that keeps exploring, even when told to stop.
      if (lastUser(r).startsWith('Stop exploring')) return js("print(ls('').slice(0,3))");
      return turnOf(r) === 1
        ? js('print(grep("TODO: accept").map((m) => m.path + ":" + m.line).join())')
        : js('print(peek("src/index.ts", 3, 5))');
    });
    close = h.close;
    const result = await h.run({ budgets: { maxIterations: 2 } });

    expect(result).toMatchObject({ status: 'partial', reason: 'the turn limit (2 turns) is reached' });
    expect(result.answer).toBe('The model gave no answer in words at the limit.');
    expect(result.answer).not.toContain('print(');
    expect(result.findings).toContain('**Turn 1** — called `grep("TODO: accept")`\n```text\nsrc/index.ts:4\n```');
    expect(result.findings).toContain(
      '**Turn 2** — read `src/index.ts:3-5`; called `peek("src/index.ts")`\n```text\n3: \n4: // TODO: accept a list of names',
    );
  });
});
