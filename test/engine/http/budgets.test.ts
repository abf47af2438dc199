// Every budget over HTTP: when one runs out the engine stops starting work, asks the root model
// once for its best answer and returns it marked partial with the reason; sub-calls past a
// limit fail in the model's code with a hint to finish. The time budget runs on a FakeClock
// that the scripted server moves while it "thinks", so every deadline falls at a known point.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, type TestWorkspace } from '../../fixtures/makeWorkspace.js';
import { text, type ServedRequest } from '../../support/scriptedModelServer.js';
import { Deferred, FakeClock } from '../scheduler/fakeClock.js';
import { js, kindOf, lastUser, startHarness, turnOf } from './harness.js';

let ws: TestWorkspace;
beforeAll(() => (ws = makeWorkspace('basic')));
afterAll(() => ws.cleanup());
let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

const isBestAnswerAsk = (r: ServedRequest) => lastUser(r).startsWith('Stop exploring: ');
/** A root that never finishes: a different probe every turn. */
const explore = (r: ServedRequest) => js(`print("probe ${turnOf(r)}", glob("src/**").length)`);
/** Sequential sub-calls until one is refused; prints what happened. */
const SEQUENTIAL_SUBCALLS =
  'const got = [];\nfor (let i = 0; i < 10; i++) {\n  try { got.push(await llm("question " + i)) } catch (e) { got.push("ERR " + e.message); break }\n}\nprint(got.join("\\n"))';

describe('budgets over HTTP', () => {
  it('maxIterations: asks once for the best answer, marked partial with the reason', async () => {
    const h = await startHarness(ws, (r) => (isBestAnswerAsk(r) ? 'Best guess: src/util/math.ts:9 (not verified).' : explore(r)));
    close = h.close;
    const result = await h.run({ budgets: { maxIterations: 3 } });

    expect(result).toMatchObject({
      answer: 'Best guess: src/util/math.ts:9 (not verified).',
      status: 'partial',
      reason: 'the turn limit (3 turns) is reached',
    });
    expect(h.server.requests).toHaveLength(4);
    const last = h.server.requests[3]!;
    expect(lastUser(last)).toBe(
      'Stop exploring: the turn limit (3 turns) is reached. Reply now, without code, with your best answer to the question from what you have found so far. Cite file:line where you can and say what remains uncertain.',
    );
    // The best-answer call sees everything found so far.
    expect(last.messages.some((m) => m.content.includes('probe 3'))).toBe(true);
    expect(h.server.requests[2]!.messages.at(-1)?.content).toMatch(/\(1 turn left: finish with FINAL soon\.\)$/);
    expect(result.trace.filter((n) => n.kind === 'turn')).toHaveLength(3);
    expect(result.trace.find((n) => n.label === 'best answer (limit reached)')).toMatchObject({ kind: 'llm', status: 'ok' });
    expect(result.trace[0]).toMatchObject({ kind: 'rlm', status: 'error' });
    expect(result.trace[0]?.detail).toContain('(partial: the turn limit (3 turns) is reached)');
  });

  it('maxSubCalls: the call past the limit fails in model code with a hint to finish', async () => {
    const h = await startHarness(ws, (r) => {
      if (kindOf(r) === 'sub') return `answer to ${lastUser(r)}`;
      if (turnOf(r) === 1) return js(SEQUENTIAL_SUBCALLS);
      return js(`FINAL(${JSON.stringify(lastUser(r))})`);
    });
    close = h.close;
    const result = await h.run({ budgets: { maxSubCalls: 3 } });

    expect(result.status).toBe('done');
    expect(result.answer).toBe(
      'Question: Where is the TODO?\n\n[cell 1 output]\nanswer to question 0\nanswer to question 1\nanswer to question 2\nERR llm(): No more sub-calls: all 3 are used. Finish with FINAL(...) using what you have.',
    );
    expect(h.server.requests.filter((r) => kindOf(r) === 'sub')).toHaveLength(3);
    expect(result.stats.subCalls).toBe(3);
  });

  it('maxCostUsd: priced usage adds up, the next sub-call is refused and the run answers partial', async () => {
    // gpt-4.1: $2 / $8 per 1M tokens → 100k in + 10k out = $0.28 a root call.
    // gpt-4.1-mini: $0.4 / $1.6 per 1M → $0.056 a sub-call.
    const usage = { inputTokens: 100_000, outputTokens: 10_000 };
    const h = await startHarness(ws, (r) => {
      if (kindOf(r) === 'sub') return text('ok', { usage });
      if (isBestAnswerAsk(r)) return text('Partial: four sub-answers were "ok".', { usage });
      if (turnOf(r) === 1) return text(js(SEQUENTIAL_SUBCALLS), { usage });
      return text(js('FINAL("should not get here")'), { usage });
    });
    close = h.close;
    const result = await h.run({ rootModel: 'gpt-4.1', subModel: 'gpt-4.1-mini', budgets: { maxCostUsd: 0.5 } });

    expect(result).toMatchObject({
      answer: 'Partial: four sub-answers were "ok".',
      status: 'partial',
      reason: 'the cost budget ($0.5) is used up',
    });
    // 0.28 + 4 × 0.056 = 0.504 ≥ 0.5: the fifth sub-call is refused before it is sent.
    expect(h.server.requests.filter((r) => kindOf(r) === 'sub')).toHaveLength(4);
    const turn2 = h.server.requests.find((r) => isBestAnswerAsk(r));
    expect(turn2?.messages.at(-2)?.content).toContain(
      'ERR llm(): No more sub-calls: the cost budget ($0.5) is used up. Finish with FINAL(...) using what you have.',
    );
    expect(h.server.requests).toHaveLength(6); // root turn 1, 4 sub-calls, best answer
    expect(result.stats.costKnown).toBe(true);
    expect(result.stats.costUsd).toBeCloseTo(0.28 + 4 * 0.056 + 0.28, 6);
    const costs = result.trace.filter((n) => n.kind === 'llm').map((n) => n.costUsd);
    expect(costs).toHaveLength(6);
    expect(costs.filter((c) => c !== undefined && Math.abs(c - 0.056) < 1e-9)).toHaveLength(4);
  });

  it('maxTokens: the run stops at the turn after the budget is used up', async () => {
    const usage = { inputTokens: 400, outputTokens: 100 };
    const h = await startHarness(ws, (r) => text(isBestAnswerAsk(r) ? 'Best so far.' : explore(r), { usage }));
    close = h.close;
    const result = await h.run({ budgets: { maxTokens: 1000 } });

    expect(result).toMatchObject({ answer: 'Best so far.', status: 'partial', reason: 'the token budget (1,000 tokens) is used up' });
    expect(h.server.requests).toHaveLength(3); // 500 + 500 tokens, then the best-answer call
    expect(result.stats).toMatchObject({ inputTokens: 1200, outputTokens: 300, calls: 3 });
  });

  it('maxWallMs: slow turns run out the clock; the turn at the deadline is stopped and the run answers partial', async () => {
    const clock = new FakeClock();
    const h = await startHarness(ws, async (r) => {
      if (isBestAnswerAsk(r)) return 'Out of time.';
      await clock.advance(150); // each turn "thinks" for 150 ms: the third passes the 400 ms deadline
      return explore(r);
    });
    close = h.close;
    const result = await h.run({ clock, budgets: { maxWallMs: 400 } });

    expect(result).toMatchObject({ answer: 'Out of time.', status: 'partial', reason: 'the time budget (0.4 s) is used up' });
    expect(h.server.requests.map((r) => (isBestAnswerAsk(r) ? 'best' : kindOf(r)))).toEqual(['root', 'root', 'root', 'best']);
    expect(result.trace.filter((n) => n.kind === 'llm').map((n) => n.status)).toEqual(['ok', 'ok', 'error', 'ok']);
    expect(result.stats.wallMs).toBe(450);
  });

  it('maxWallMs: the sub-call running at the deadline fails with a hint', async () => {
    const clock = new FakeClock();
    const h = await startHarness(ws, async (r) => {
      if (isBestAnswerAsk(r)) return 'Out of time.';
      if (kindOf(r) === 'root') return js(SEQUENTIAL_SUBCALLS);
      await clock.advance(100); // sub-calls at 0, 100 and 200 ms; the third is running at 250 ms
      return 'ok';
    });
    close = h.close;
    const result = await h.run({ clock, budgets: { maxWallMs: 250 } });

    expect(result).toMatchObject({ answer: 'Out of time.', status: 'partial', reason: 'the time budget (0.25 s) is used up' });
    expect(h.server.requests.filter((r) => kindOf(r) === 'sub')).toHaveLength(3);
    const best = h.server.requests.find((r) => isBestAnswerAsk(r));
    expect(best?.messages.at(-2)?.content).toBe(
      'Question: Where is the TODO?\n\n[cell 1 output]\nok\nok\nERR llm(): No more time: the time budget (0.25 s) is used up. Finish with FINAL(...) using what you have.',
    );
  });

  it('maxWallMs: sub-calls after the deadline are refused before they are sent', async () => {
    const clock = new FakeClock();
    const h = await startHarness(ws, async (r) => {
      if (isBestAnswerAsk(r)) return 'Out of time.';
      if (kindOf(r) === 'sub') return 'ok';
      await clock.advance(300); // the root turn itself uses up the budget
      return js(SEQUENTIAL_SUBCALLS);
    });
    close = h.close;
    const result = await h.run({ clock, budgets: { maxWallMs: 300 } });

    expect(result).toMatchObject({ answer: 'Out of time.', status: 'partial' });
    expect(h.server.requests.filter((r) => kindOf(r) === 'sub')).toHaveLength(0);
  });

  it('maxWallMs: a call still running at the deadline is stopped, not waited for', async () => {
    const clock = new FakeClock();
    const subArrived = new Deferred();
    const h = await startHarness(ws, (r) => {
      if (isBestAnswerAsk(r)) return 'Out of time.';
      if (kindOf(r) === 'root')
        return js('let got;\ntry { got = await llm("slow question") } catch (e) { got = "ERR " + e.message }\nprint(got)');
      subArrived.resolve();
      return new Promise<never>(() => undefined); // the server never answers
    });
    close = h.close;
    const run = h.run({ clock, budgets: { maxWallMs: 300 } });
    await subArrived.promise;
    await clock.advance(300);
    const result = await run;

    expect(result).toMatchObject({ answer: 'Out of time.', status: 'partial', reason: 'the time budget (0.3 s) is used up' });
    const best = h.server.requests.find((r) => isBestAnswerAsk(r));
    expect(best?.messages.at(-2)?.content).toContain(
      'ERR llm(): No more time: the time budget (0.3 s) is used up. Finish with FINAL(...) using what you have.',
    );
  });

  it('maxWallMs: a root turn still running at the deadline ends in the best answer', async () => {
    const clock = new FakeClock();
    const rootArrived = new Deferred();
    const h = await startHarness(ws, (r) => {
      if (isBestAnswerAsk(r)) return 'Out of time.';
      rootArrived.resolve();
      return new Promise<never>(() => undefined);
    });
    close = h.close;
    const run = h.run({ clock, budgets: { maxWallMs: 300 } });
    await rootArrived.promise;
    await clock.advance(300);

    expect(await run).toMatchObject({ answer: 'Out of time.', status: 'partial', reason: 'the time budget (0.3 s) is used up' });
    expect(h.server.requests).toHaveLength(2);
  });
});
