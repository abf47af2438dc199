// A root (or child RLM) model call over the bounded conversation. A prompt the server still
// finds too long (our estimate is not its tokenizer) is compacted harder and sent once more,
// so a context-length error never ends the run by itself.
import type { TraceNode } from '../../protocol/trace.js';
import { ModelError, type ChatMessage, type Completion } from '../../llm/types.js';
import type { RunContext } from '../engineContext.js';
import { callModel } from '../modelCall.js';
import { describeContext, type Conversation } from './conversation.js';

export interface RootCallOptions {
  parent: TraceNode;
  label: string;
  /** A last message after the history (the best-answer request). */
  extra?: ChatMessage;
  pastTimeBudget?: boolean;
}

export async function callRoot(ctx: RunContext, conversation: Conversation, options: RootCallOptions): Promise<Completion> {
  let sentChars = 0;
  const attempt = async (label: string) => {
    const { messages, report } = conversation.render(options.extra);
    sentChars = report.chars;
    const note = describeContext(report);
    const completion = await callModel(ctx, ctx.rootModel, messages, {
      parent: options.parent,
      kind: 'llm',
      label,
      describe: () => note,
      ...(options.pastTimeBudget ? { pastTimeBudget: true } : {}),
    });
    if (completion.usage) conversation.calibrate(sentChars, completion.usage.inputTokens);
    return completion;
  };
  try {
    return await attempt(options.label);
  } catch (e) {
    if (!(e instanceof ModelError) || e.kind !== 'context_length' || ctx.signal.aborted) throw e;
    conversation.shrink(sentChars, e.details.limitTokens);
    return attempt(`${options.label}, retried after compaction`);
  }
}
