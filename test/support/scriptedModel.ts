// An in-process LanguageModel that plays a script: each call gets the conversation and returns
// the next reply. For engine tests of the loop logic; HTTP behaviour is tested with the
// scripted server.
import type { ChatMessage, Completion, CompletionRequest, LanguageModel } from '../../src/llm/types.js';

export type Script = (messages: readonly ChatMessage[], call: number) => string | Promise<string>;

export class ScriptedModel implements LanguageModel {
  readonly id: string;
  calls: ChatMessage[][] = [];

  constructor(
    readonly name: string,
    private readonly script: Script,
  ) {
    this.id = `scripted:${name}`;
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    this.calls.push(request.messages);
    if (request.signal?.aborted) throw new Error('cancelled');
    const text = await this.script(request.messages, this.calls.length);
    const inputTokens = Math.ceil(request.messages.reduce((n, m) => n + m.content.length, 0) / 4);
    return { text, model: this.name, usage: { inputTokens, outputTokens: Math.ceil(text.length / 4) }, finishReason: 'stop' };
  }
}

/** The user-visible turns of a root conversation after the system prompt. */
export function lastUserMessage(messages: readonly ChatMessage[]): string {
  return [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
}

/** Runs tasks at once, for tests that do not exercise scheduling. */
export class ImmediateScheduler {
  run<T>(task: (signal: AbortSignal) => Promise<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    return task(options.signal ?? new AbortController().signal);
  }
}

export const js = (code: string) => `\`\`\`js\n${code}\n\`\`\``;
