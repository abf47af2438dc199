// callModel: cache first, then the scheduler; retries are written into the call's trace node;
// the time budget stops a call in flight. Time is a FakeClock the test moves.
import { describe, expect, it } from 'vitest';
import { BudgetExceeded, BudgetTracker, DEFAULT_BUDGETS, type Budgets } from '../../src/engine/budget.js';
import type { RunContext } from '../../src/engine/engineContext.js';
import { callModel } from '../../src/engine/modelCall.js';
import { CallScheduler } from '../../src/engine/scheduler/callScheduler.js';
import { TraceRecorder } from '../../src/engine/trace/traceRecorder.js';
import {
  ModelError,
  type ChatMessage,
  type Completion,
  type CompletionCache,
  type CompletionRequest,
  type LanguageModel,
} from '../../src/llm/types.js';
import { FakeClock } from './scheduler/fakeClock.js';

/** Fails with the given errors first, then answers. */
class FlakyModel implements LanguageModel {
  readonly id = 'flaky';
  readonly name = 'flaky';
  calls = 0;
  constructor(private readonly failures: ModelError[]) {}
  async complete(_request: CompletionRequest): Promise<Completion> {
    const failure = this.failures[this.calls++];
    if (failure) throw failure;
    return { text: 'fine', model: 'flaky', usage: { inputTokens: 10, outputTokens: 2 } };
  }
}

/** Answers only when its signal aborts, and then as the real client does: a "cancelled" ModelError. */
class HangingModel implements LanguageModel {
  readonly id = 'hanging';
  readonly name = 'hanging';
  complete(request: CompletionRequest): Promise<Completion> {
    return new Promise((_, reject) =>
      request.signal?.addEventListener('abort', () => reject(new ModelError('cancelled', 'The request was cancelled.'))),
    );
  }
}

class MemoryCache implements CompletionCache {
  readonly entries = new Map<string, Completion>();
  async get(modelId: string, messages: readonly ChatMessage[]) {
    return this.entries.get(modelId + JSON.stringify(messages));
  }
  async set(modelId: string, messages: readonly ChatMessage[], completion: Completion) {
    this.entries.set(modelId + JSON.stringify(messages), completion);
  }
}

function context(
  model: LanguageModel,
  options: { cache?: CompletionCache; clock?: FakeClock; budgets?: Partial<Budgets> } = {},
): RunContext {
  const { cache, clock = new FakeClock() } = options;
  const now = () => clock.now();
  return {
    rootModel: model,
    subModel: model,
    scheduler: new CallScheduler({ clock, random: () => 0, backoff: { baseMs: 1, maxMs: 1 } }),
    createSandbox: () => Promise.reject(new Error('not used')),
    clock,
    price: (_name, usage) => usage.inputTokens * 0.001,
    budget: new BudgetTracker({ ...DEFAULT_BUDGETS, ...options.budgets }, now),
    trace: new TraceRecorder(now),
    signal: new AbortController().signal,
    asked: new Map(),
    ...(cache ? { cache } : {}),
  };
}

const messages: ChatMessage[] = [{ role: 'user', content: 'hello' }];

describe('callModel', () => {
  it('retries through the scheduler and says so in the trace node', async () => {
    const model = new FlakyModel([new ModelError('server', 'HTTP 500 from the server'), new ModelError('network', 'connection reset')]);
    const clock = new FakeClock();
    const ctx = context(model, { clock });
    const root = ctx.trace.start('rlm', 'root', undefined);
    const completion = await clock.runUntilSettled(callModel(ctx, model, messages, { parent: root, kind: 'llm', label: 'sub' }), 1);
    expect(completion.text).toBe('fine');
    const node = ctx.trace.all().find((n) => n.kind === 'llm')!;
    expect(node.status).toBe('ok');
    expect(node.detail).toMatch(
      /^attempt 1 failed \(server: HTTP 500 from the server\); retrying in [01] ms\nattempt 2 failed \(network: connection reset\)/,
    );
    expect(ctx.budget.stats).toMatchObject({ calls: 1, inputTokens: 10, outputTokens: 2, costUsd: 0.01 });
  });

  it('serves a repeated prompt from the cache, free and marked cached', async () => {
    const model = new FlakyModel([]);
    const ctx = context(model, { cache: new MemoryCache() });
    const root = ctx.trace.start('rlm', 'root', undefined);
    await callModel(ctx, model, messages, { parent: root, kind: 'llm', label: 'first' });
    await callModel(ctx, model, messages, { parent: root, kind: 'llm', label: 'again' });
    expect(model.calls).toBe(1);
    expect(
      ctx.trace
        .all()
        .filter((n) => n.kind === 'llm')
        .map((n) => n.status),
    ).toEqual(['ok', 'cached']);
    expect(ctx.budget.stats).toMatchObject({ calls: 2, cacheHits: 1, inputTokens: 10 });
  });

  it('fails at once on errors that retrying cannot fix', async () => {
    const model = new FlakyModel([new ModelError('auth', 'no API key')]);
    const ctx = context(model);
    const root = ctx.trace.start('rlm', 'root', undefined);
    await expect(callModel(ctx, model, messages, { parent: root, kind: 'llm', label: 'x' })).rejects.toThrow('no API key');
    expect(model.calls).toBe(1);
    expect(ctx.trace.all().find((n) => n.kind === 'llm')?.status).toBe('error');
  });

  it('stops a call still running when the time budget runs out, with a hint to finish', async () => {
    const clock = new FakeClock();
    const ctx = context(new HangingModel(), { clock, budgets: { maxWallMs: 1000 } });
    const root = ctx.trace.start('rlm', 'root', undefined);
    await clock.advance(400);
    let outcome: unknown;
    callModel(ctx, ctx.rootModel, messages, { parent: root, kind: 'llm', label: 'slow' }).catch((e: unknown) => (outcome = e));
    await clock.advance(599);
    expect(outcome).toBeUndefined();
    await clock.advance(1);
    expect(outcome).toBeInstanceOf(BudgetExceeded);
    expect(outcome).toMatchObject({
      message: 'No more time: the time budget (1 s) is used up. Finish with FINAL(...) using what you have.',
    });
    expect(ctx.trace.all().find((n) => n.kind === 'llm')).toMatchObject({ status: 'error', endMs: 1000 });
  });

  it('lets the best-answer call run past the time budget, and leaves no timer behind', async () => {
    const clock = new FakeClock();
    const ctx = context(new FlakyModel([]), { clock, budgets: { maxWallMs: 1000 } });
    const root = ctx.trace.start('rlm', 'root', undefined);
    await clock.advance(1500);
    await expect(
      callModel(ctx, ctx.rootModel, messages, { parent: root, kind: 'llm', label: 'best answer', pastTimeBudget: true }),
    ).resolves.toMatchObject({ text: 'fine' });
    await expect(callModel(ctx, ctx.rootModel, messages, { parent: root, kind: 'llm', label: 'in time' })).resolves.toMatchObject({
      text: 'fine',
    });
    expect(clock.pending()).toEqual([]);
  });
});
