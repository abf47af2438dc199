// Faults over HTTP: each one ends in a retry (and the run succeeds) or in a clear message.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, type TestWorkspace } from '../../fixtures/makeWorkspace.js';
import { httpError, text, type Reply, type ServedRequest } from '../../support/scriptedModelServer.js';
import { Deferred, FakeClock, InstantClock } from '../scheduler/fakeClock.js';
import { js, kindOf, lastUser, startHarness, turnOf } from './harness.js';

let ws: TestWorkspace;
beforeAll(() => (ws = makeWorkspace('basic')));
afterAll(() => ws.cleanup());
let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

/** Root: turn 1 asks one sub-call, turn 2 FINALs what the cell printed. Sub: `sub(n)` for its n-th attempt. */
function twoTurns(sub: (attempt: number) => Reply | string, root?: (attempt: number, r: ServedRequest) => Reply | string | undefined) {
  let subAttempts = 0;
  let rootAttempts = 0;
  return (r: ServedRequest): Reply | string => {
    if (kindOf(r) === 'sub') return sub(++subAttempts);
    const override = root?.(++rootAttempts, r);
    if (override !== undefined) return override;
    if (turnOf(r) === 1) return js('let out;\ntry { out = await llm("Say hi") } catch (e) { out = "ERR " + e.message }\nprint(out)');
    return js(`FINAL(${JSON.stringify(/\[cell 1 output\]\n([\s\S]*)$/.exec(lastUser(r))?.[1] ?? '?')})`);
  };
}

describe('faults over HTTP', () => {
  it('429 with Retry-After: the call waits the pause, is retried and the run succeeds', async () => {
    const policy = twoTurns((attempt) => (attempt === 1 ? httpError(429, 'Slow down', { 'retry-after': '1' }) : 'hi'));
    const h = await startHarness(ws, policy);
    close = h.close;
    const clock = new InstantClock();
    const result = await h.run({ scheduler: { clock, timeoutMs: Infinity } });

    expect(result).toMatchObject({ answer: 'hi', status: 'done' });
    expect(h.server.requests.filter((r) => kindOf(r) === 'sub')).toHaveLength(2);
    // The scheduler slept out the server's pause, and only that, before retrying.
    expect(clock.slept).toEqual([1000]);
    expect(h.scheduler.stats()).toMatchObject({ retries: 1, rateLimited: 1 });
    // The retry sent the same prompt.
    const subs = h.server.requests.filter((r) => kindOf(r) === 'sub');
    expect(subs[1]?.messages).toEqual(subs[0]?.messages);
  });

  it('500 then success: retried with backoff', async () => {
    const h = await startHarness(
      ws,
      twoTurns((attempt) => (attempt === 1 ? httpError(500, 'Internal trouble') : 'hi')),
    );
    close = h.close;
    const result = await h.run();
    expect(result).toMatchObject({ answer: 'hi', status: 'done' });
    expect(h.server.requests.filter((r) => kindOf(r) === 'sub')).toHaveLength(2);
    expect(h.scheduler.stats().retries).toBe(1);
    expect(result.stats.subCalls).toBe(1);
  });

  it('a 500 that persists: after the last attempt the model code gets a clear message', async () => {
    const h = await startHarness(
      ws,
      twoTurns(() => httpError(500, 'Internal trouble')),
    );
    close = h.close;
    const result = await h.run();
    expect(result.status).toBe('done');
    expect(result.answer).toBe(
      `ERR llm(): the model call failed (${h.server.baseURL} failed (500): Internal trouble.). It was retried; try again later or work on without it.`,
    );
    expect(h.server.requests.filter((r) => kindOf(r) === 'sub')).toHaveLength(4);
    expect(result.trace.find((n) => n.label === 'Say hi')).toMatchObject({
      kind: 'llm',
      status: 'error',
      detail: `${h.server.baseURL} failed (500): Internal trouble.`,
    });
  });

  it('a connection reset (before the reply and mid-stream) is retried', async () => {
    const policy = twoTurns(
      (attempt) => (attempt === 1 ? { kind: 'drop', partialText: 'h' } : 'hi'),
      (attempt) => (attempt === 1 ? { kind: 'drop' } : undefined),
    );
    const h = await startHarness(ws, policy);
    close = h.close;
    const result = await h.run();
    expect(result).toMatchObject({ answer: 'hi', status: 'done' });
    expect(h.server.requests).toHaveLength(5); // root ×2 (one dropped), sub ×2 (one dropped), root turn 2
    expect(h.scheduler.stats().retries).toBe(2);
    // The half-streamed "h" of the dropped attempt never leaks into the answer.
    expect(result.trace.find((n) => n.label === 'Say hi')?.detail).toMatch(/Answer: hi$/);
  });

  it('a slow stream succeeds with the whole text', async () => {
    const long = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
    const h = await startHarness(
      ws,
      twoTurns(() => text(long, { chunkDelayMs: 20 })),
    );
    close = h.close;
    const result = await h.run();
    expect(result).toMatchObject({ answer: long, status: 'done' });
    expect(h.scheduler.stats().retries).toBe(0);
  });

  it('a malformed root reply is not retried: the run fails with a clear message', async () => {
    const h = await startHarness(ws, () => ({ kind: 'malformed' }));
    close = h.close;
    const result = await h.run();
    expect(h.server.requests).toHaveLength(1);
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(new RegExp(`^the model failed: ${escape(h.server.baseURL)} sent a reply that is not valid JSON: `));
    expect(result.answer).toBe('');
    expect(result.failure).toMatchObject({ kind: 'malformed' });
    expect(result.trace.find((n) => n.kind === 'llm')).toMatchObject({ status: 'error' });
  });

  it('a malformed sub-call reply reaches the model code as a clear error; the run goes on', async () => {
    const h = await startHarness(
      ws,
      twoTurns(() => ({ kind: 'malformed' })),
    );
    close = h.close;
    const result = await h.run();
    expect(result.status).toBe('done');
    expect(result.answer).toMatch(
      new RegExp(
        `^ERR llm\\(\\): the model call failed \\(${escape(h.server.baseURL)} sent a reply that is not valid JSON: .+\\)\\. Work on without it\\.$`,
      ),
    );
    expect(h.server.requests.filter((r) => kindOf(r) === 'sub')).toHaveLength(1);
  });

  it('an empty event stream is a clear message, not an empty answer', async () => {
    const h = await startHarness(
      ws,
      twoTurns(() => ({ kind: 'empty' })),
    );
    close = h.close;
    const result = await h.run();
    expect(result.answer).toBe(
      `ERR llm(): the model call failed (${h.server.baseURL} sent an empty stream (does it support stream: true?) for model sub-model.). Work on without it.`,
    );
    expect(h.server.requests.filter((r) => kindOf(r) === 'sub')).toHaveLength(1);
  });

  it('a root reply without code is nudged, then the model answers', async () => {
    const h = await startHarness(ws, (r) => {
      if (turnOf(r) === 1) return 'The TODO is probably in src somewhere.';
      if (turnOf(r) === 2) return js('print(grep("TODO: accept").map((m) => m.path + ":" + m.line).join())');
      return js(`FINAL("At " + ${JSON.stringify(/\n(.+)$/.exec(lastUser(r))?.[1] ?? '?')})`);
    });
    close = h.close;
    const result = await h.run();
    expect(result).toMatchObject({ answer: 'At src/index.ts:4', status: 'done' });
    // The latest feedback restates the question.
    expect(lastUser(h.server.requests[1]!)).toBe(
      'Question: Where is the TODO?\n\nYour reply had no ```js code block to run. Write one to explore the workspace; once you have seen the output you need, answer with FINAL(answer) — in code, or on its own line in a reply without code.',
    );
  });

  it('a model that never says FINAL: the default turn limit, then the best answer, partial', async () => {
    const h = await startHarness(ws, (r) =>
      lastUser(r).startsWith('Stop exploring') ? 'Probably src/index.ts:4.' : js(`print(${turnOf(r)})`),
    );
    close = h.close;
    const result = await h.run();
    expect(result).toMatchObject({ answer: 'Probably src/index.ts:4.', status: 'partial', reason: 'the turn limit (20 turns) is reached' });
    expect(h.server.requests).toHaveLength(21);
  });

  it('a failing best-answer call still ends with what was found and why', async () => {
    const h = await startHarness(ws, (r) =>
      lastUser(r).startsWith('Stop exploring') ? httpError(400, 'context too long') : js(`print("finding ${turnOf(r)}")`),
    );
    close = h.close;
    const result = await h.run({ budgets: { maxIterations: 2 } });
    // The model did answer two turns: what they found is a partial answer, not a failure.
    expect(result.status).toBe('partial');
    expect(result.reason).toBe('the turn limit (2 turns) is reached');
    expect(result.answer).toBe(
      `No final answer (the turn limit (2 turns) is reached; then: ${h.server.baseURL} rejected the request (400): context too long.).`,
    );
    expect(result.findings).toBe(
      '#### What the run found, turn by turn\n\n**Turn 1** — ran code\n```text\nfinding 1\n```\n\n**Turn 2** — ran code\n```text\nfinding 2\n```',
    );
  });
});

describe('a run that never gets a model answer fails', () => {
  const rootFaults: Array<[string, Reply, RegExp, string]> = [
    [
      '401 (the key is refused)',
      httpError(401, 'Incorrect API key provided'),
      /refused the API key \(401\)|needs an API key and none was set \(401\)/,
      'auth',
    ],
    ['500 on every attempt', httpError(500, 'Internal trouble'), /failed \(500\): Internal trouble\.$/, 'server'],
    ['429 on every attempt', httpError(429, 'Slow down'), /^Rate limited by .*: Slow down\.$/, 'rate_limit'],
  ];
  for (const [name, fault, message, kind] of rootFaults) {
    it(`root model: ${name}`, async () => {
      const h = await startHarness(ws, () => fault);
      close = h.close;
      const result = await h.run();
      expect(result.status).toBe('failed');
      expect(result.reason?.replace(/^the model failed: /, '')).toMatch(message);
      expect(result.answer).toBe('');
      expect(result.failure).toMatchObject({ kind, baseUrl: h.server.baseURL });
      expect(result.trace[0]).toMatchObject({ kind: 'rlm', status: 'error' });
      expect(result.trace.every((n) => n.status !== 'running')).toBe(true);
    });
  }

  it('root model: the connection is refused', async () => {
    const h = await startHarness(ws, () => js('FINAL("never asked")'));
    await h.close();
    close = undefined;
    const result = await h.run();
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(
      new RegExp(`^the model failed: No model server answers at ${escape(h.server.baseURL)} \\(.*ECONNREFUSED`),
    );
    expect(result.failure).toMatchObject({ kind: 'unreachable', baseUrl: h.server.baseURL });
    // The call was made (the tree shows it, failed): the totals count it.
    expect(result.stats.calls).toBe(1);
  });

  it('a model that fails after exploring: failed, with the findings kept', async () => {
    const h = await startHarness(ws, (r) => (turnOf(r) === 1 ? js('print("found: src/index.ts:4")') : httpError(500, 'Internal trouble')));
    close = h.close;
    const result = await h.run();
    expect(result.status).toBe('failed');
    expect(result.answer).toBe('');
    expect(result.failure).toMatchObject({ kind: 'server', status: 500 });
    expect(result.findings).toContain('found: src/index.ts:4');
  });

  it('the time budget ends the first turn and the best-answer call fails: failed, not partial', async () => {
    const clock = new FakeClock();
    const rootArrived = new Deferred();
    const h = await startHarness(ws, (r) => {
      if (lastUser(r).startsWith('Stop exploring')) return httpError(500, 'Internal trouble');
      rootArrived.resolve();
      return new Promise<never>(() => undefined); // the first turn never answers
    });
    close = h.close;
    const run = h.run({ clock, budgets: { maxWallMs: 300 } });
    await rootArrived.promise;
    await clock.advance(300);
    const result = await run;
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/^the time budget \(0\.3 s\) is used up; then the model failed: .*failed \(500\): Internal trouble\.$/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
