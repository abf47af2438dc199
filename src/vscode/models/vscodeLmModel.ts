// The engine's LanguageModel over a vscode.lm chat model (Copilot, or the model picked in the
// chat). Streams the reply, turns errors and cancellation into ModelErrors, and counts tokens
// with countTokens because vscode.lm reports no usage.
import * as vscode from 'vscode';
import { ModelError, type ChatMessage, type Completion, type CompletionRequest, type LanguageModel, type Usage } from '../../llm/types.js';
import { lmErrorToModelError } from './lmErrors.js';

const JUSTIFICATION = 'Ask RLM uses a language model to explore your workspace and answer your question.';

export class VscodeLmModel implements LanguageModel {
  readonly id: string;
  readonly name: string;
  readonly contextWindowTokens: number | undefined;

  constructor(private readonly chat: vscode.LanguageModelChat) {
    this.id = `vscode-lm:${chat.vendor}/${chat.id}`;
    this.name = chat.name || chat.family;
    this.contextWindowTokens = chat.maxInputTokens > 0 ? chat.maxInputTokens : undefined;
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const { signal } = request;
    if (signal?.aborted) throw new ModelError('cancelled', 'The model call was cancelled.');
    const source = new vscode.CancellationTokenSource();
    const onAbort = () => source.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    const messages = request.messages.map(toLmMessage);
    try {
      const response = await this.chat.sendRequest(messages, { justification: JUSTIFICATION }, source.token);
      let text = '';
      for await (const delta of response.text) {
        text += delta;
        request.onText?.(delta);
      }
      if (signal?.aborted) throw new ModelError('cancelled', 'The model call was cancelled.');
      const usage = await this.countUsage(messages, text, source.token);
      return { text, model: this.name, ...(usage ? { usage } : {}), finishReason: 'stop' };
    } catch (error) {
      throw lmErrorToModelError(error, this.name, signal?.aborted ?? false);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      source.dispose();
    }
  }

  /** Best effort: a model that cannot count leaves usage absent rather than failing the call. */
  private async countUsage(
    messages: vscode.LanguageModelChatMessage[],
    text: string,
    token: vscode.CancellationToken,
  ): Promise<Usage | undefined> {
    try {
      const counts = await Promise.all(messages.map((m) => this.chat.countTokens(m, token)));
      return { inputTokens: counts.reduce((a, b) => a + b, 0), outputTokens: text ? await this.chat.countTokens(text, token) : 0 };
    } catch {
      return undefined;
    }
  }
}

/** vscode.lm has no stable system role (1.100): the system prompt goes in as the first user message. */
function toLmMessage(message: ChatMessage): vscode.LanguageModelChatMessage {
  return message.role === 'assistant'
    ? vscode.LanguageModelChatMessage.Assistant(message.content)
    : vscode.LanguageModelChatMessage.User(message.content);
}
