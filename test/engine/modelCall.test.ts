// callModel: cache first, then the scheduler; retries are written into the call's trace node.
import { describe, expect, it } from 'vitest';
import { BudgetTracker, DEFAULT_BUDGETS } from '../../src/engine/budget.js';
import type { CompletionCache, RunContext } from '../../src/engine/engineContext.js';
import { callModel } from '../../src/engine/modelCall.js';
import { CallScheduler } from '../../src/engine/scheduler/callScheduler.js';
import { TraceRecorder } from '../../src/engine/trace/traceRecorder.js';
import { ModelError, type ChatMessage, type Completion, type CompletionRequest, type LanguageModel } from '../../src/llm/types.js';

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

class MemoryCache implements CompletionCache {
  readonly entries = new Map<string, Completion>();
  async get(modelId: string, messages: readonly ChatMessage[]) {
    return this.entries.get(modelId + JSON.stringify(messages));
  }
  async set(modelId: string, messages: readonly ChatMessage[], completion: Completion) {
    this.entries.set(modelId + JSON.stringify(messages), completion);
  }
}

function context(model: LanguageModel, cache?: CompletionCache): RunContext {
  const now = () => Date.now();
  return {
    rootModel: model,
    subModel: model,
    scheduler: new CallScheduler({ backoff: { baseMs: 1, maxMs: 1 } }),
    createSandbox: () => Promise.reject(new Error('not used')),
    now,
    price: (_name, usage) => usage.inputTokens * 0.001,
    budget: new BudgetTracker(DEFAULT_BUDGETS, now),
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
    const ctx = context(model);
    const root = ctx.trace.start('rlm', 'root', undefined);
    const completion = await callModel(ctx, model, messages, { parent: root, kind: 'llm', label: 'sub' });
    expect(completion.text).toBe('fine');
    const node = ctx.trace.all().find((n) => n.kind === 'llm')!;
    expect(node.status).toBe('ok');
    expect(node.detail).toMatch(/^attempt 1 failed \(server: HTTP 500 from the server\); retrying in [01] ms\nattempt 2 failed \(network: connection reset\)/);
    expect(ctx.budget.stats).toMatchObject({ calls: 1, inputTokens: 10, outputTokens: 2, costUsd: 0.01 });
  });

  it('serves a repeated prompt from the cache, free and marked cached', async () => {
    const model = new FlakyModel([]);
    const ctx = context(model, new MemoryCache());
    const root = ctx.trace.start('rlm', 'root', undefined);
    await callModel(ctx, model, messages, { parent: root, kind: 'llm', label: 'first' });
    await callModel(ctx, model, messages, { parent: root, kind: 'llm', label: 'again' });
    expect(model.calls).toBe(1);
    expect(ctx.trace.all().filter((n) => n.kind === 'llm').map((n) => n.status)).toEqual(['ok', 'cached']);
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
});
