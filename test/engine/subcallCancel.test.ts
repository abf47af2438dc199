// llm() calls of a cell that was stopped leave the run's scheduler at once, queued or running:
// a bomb of 10,000 parallel llm() calls must not keep the model busy after its cell is gone.
import { describe, expect, it } from 'vitest';
import { BudgetTracker, DEFAULT_BUDGETS } from '../../src/engine/budget.js';
import type { RunContext } from '../../src/engine/engineContext.js';
import { CallScheduler } from '../../src/engine/scheduler/callScheduler.js';
import { subcallFunctions } from '../../src/engine/subcallFunctions.js';
import { TraceRecorder } from '../../src/engine/trace/traceRecorder.js';
import { ModelError, type Completion, type CompletionRequest, type LanguageModel } from '../../src/llm/types.js';
import { FakeClock } from './scheduler/fakeClock.js';

/** Answers only when its signal aborts, and then as the real client does: a "cancelled" ModelError. */
class SilentModel implements LanguageModel {
  readonly id = 'silent';
  readonly name = 'silent';
  readonly contextWindowTokens = 32_768;
  started = 0;
  complete(request: CompletionRequest): Promise<Completion> {
    this.started++;
    return new Promise((_, reject) =>
      request.signal?.addEventListener('abort', () => reject(new ModelError('cancelled', 'The request was cancelled.'))),
    );
  }
}

describe('llm() of a stopped cell', () => {
  it('leaves the scheduler: the running call is cancelled and the queued ones never start', async () => {
    const clock = new FakeClock();
    const model = new SilentModel();
    const scheduler = new CallScheduler({ clock, concurrency: 2 });
    const now = () => clock.now();
    const ctx: RunContext = {
      rootModel: model,
      subModel: model,
      scheduler,
      createSandbox: () => Promise.reject(new Error('not used')),
      clock,
      budget: new BudgetTracker({ ...DEFAULT_BUDGETS, maxSubCalls: 1_000 }, now),
      trace: new TraceRecorder(now),
      signal: new AbortController().signal,
      asked: new Map(),
    };
    const run = ctx.trace.start('rlm', 'root', undefined);
    const llm = subcallFunctions(ctx, {
      depth: 0,
      currentNode: () => run,
      redact: (text) => Promise.resolve(text),
      spawnChild: () => Promise.reject(new Error('not used')),
    }).find((spec) => spec.name === 'llm')!;
    const cell = new AbortController();
    const calls = Array.from({ length: 50 }, (_, i) =>
      Promise.resolve(llm.call([`summarise part ${i}`], { signal: cell.signal, notice: () => {} })).then(
        () => 'answered',
        (e: Error) => e.message,
      ),
    );
    await clock.advance(0);
    expect(scheduler.stats()).toMatchObject({ running: 2, queued: 48 });

    cell.abort();
    const outcomes = await Promise.all(calls);
    expect(outcomes.filter((outcome) => !/cancel/i.test(outcome))).toEqual([]);
    expect(scheduler.stats()).toMatchObject({ running: 0, queued: 0 });
    expect(model.started).toBe(2);
  });
});
