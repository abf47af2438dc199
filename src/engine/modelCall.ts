// One model call as the engine makes it: from the cache when the same model saw the same
// prompt before, otherwise through the scheduler; always traced and counted.
import type { TraceKind, TraceNode } from '../protocol/trace.js';
import type { ChatMessage, Completion, LanguageModel } from '../llm/types.js';
import { BudgetExceeded } from './budget.js';
import type { RunContext } from './engineContext.js';

export interface CallOptions {
  parent: TraceNode;
  kind: TraceKind;
  label: string;
  /** Shown in the trace node (prompt and answer of a sub-call). */
  describe?: (completion: Completion) => string;
  /** The one best-answer call after a limit may run past the time budget. */
  pastTimeBudget?: boolean;
  /** Ends the call too: the signal of the cell that made it, so a stopped cell's calls leave the queue. */
  signal?: AbortSignal;
}

export async function callModel(ctx: RunContext, model: LanguageModel, messages: ChatMessage[], options: CallOptions): Promise<Completion> {
  const node = ctx.trace.start(options.kind, options.label, options.parent, { model: model.name });
  ctx.budget.noteCall();
  const cached = ctx.cache ? await ctx.cache.get(model.id, messages).catch(() => undefined) : undefined;
  if (cached) {
    ctx.budget.record(cached.usage, undefined, true);
    ctx.trace.end(node, 'cached', { ...usageFields(cached), ...(options.describe ? { detail: options.describe(cached) } : {}) });
    return cached;
  }
  try {
    const retries: string[] = [];
    const onRetry = (attempt: number, delayMs: number, error: Error & { kind?: string }) => {
      const when =
        error.kind === 'rate_limit' && delayMs === 0
          ? 'when the rate-limit pause ends'
          : `in ${delayMs < 1000 ? `${Math.round(delayMs)} ms` : `${(delayMs / 1000).toFixed(1)} s`}`;
      retries.push(`attempt ${attempt} failed (${error.kind ?? 'error'}: ${error.message}); retrying ${when}`);
      ctx.trace.update(node, { detail: retries.join('\n') });
    };
    // A signal of its own per call (hundreds of listeners on the one run signal would trip
    // Node's leak warning), which also fires when the time budget runs out mid-call.
    const remaining = options.pastTimeBudget ? undefined : ctx.budget.remainingWallMs();
    const outOfTime = new AbortController();
    const settled = new AbortController();
    if (remaining !== undefined) {
      ctx.clock.sleep(remaining, settled.signal).then(
        () => outOfTime.abort(),
        () => undefined, // the call settled first
      );
    }
    const signal = AbortSignal.any([ctx.signal, outOfTime.signal, ...(options.signal ? [options.signal] : [])]);
    let completion: Completion;
    try {
      completion = await ctx.scheduler.run((attempt) => model.complete({ messages, signal: attempt }), {
        signal,
        label: options.label,
        onRetry,
      });
    } catch (e) {
      if (outOfTime.signal.aborted && !ctx.signal.aborted) {
        throw new BudgetExceeded(
          `No more time: ${ctx.budget.exhausted() ?? 'the time budget is used up'}. Finish with FINAL(...) using what you have.`,
        );
      }
      throw e;
    } finally {
      settled.abort();
    }
    const cost = completion.usage && ctx.price ? ctx.price(model.name, completion.usage) : undefined;
    ctx.budget.record(completion.usage, cost, false);
    const detail = [...retries, ...(options.describe ? [options.describe(completion)] : [])].join('\n');
    ctx.trace.end(node, 'ok', {
      ...usageFields(completion),
      ...(cost !== undefined ? { costUsd: cost } : {}),
      ...(detail ? { detail } : {}),
    });
    if (ctx.cache && completion.text) await ctx.cache.set(model.id, messages, completion).catch(() => undefined);
    return completion;
  } catch (e) {
    ctx.trace.end(node, ctx.signal.aborted ? 'cancelled' : 'error', { detail: e instanceof Error ? e.message : String(e) });
    throw e;
  }
}

function usageFields(c: Completion): { inputTokens?: number; outputTokens?: number } {
  return c.usage ? { inputTokens: c.usage.inputTokens, outputTokens: c.usage.outputTokens } : {};
}
