// A LanguageModel over MCP sampling: the client's own model answers (`sampling/createMessage`),
// so `ask` needs no key when the client offers sampling and no model is configured here.
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { ModelError, type Completion, type CompletionRequest, type LanguageModel } from '../../llm/types.js';

/** Root turns write code cells; leave them room. The engine passes its own limit when it has one. */
const DEFAULT_MAX_TOKENS = 8192;
/** Clients may ask the user to approve each request; a person needs longer than the SDK's 60 s default. */
const SAMPLING_TIMEOUT_MS = 10 * 60_000;

export class SamplingModel implements LanguageModel {
  readonly id: string;
  readonly name: string;

  constructor(private readonly server: Server) {
    const client = server.getClientVersion()?.name ?? 'client';
    this.id = `mcp-sampling:${client}`;
    this.name = `${client}'s model`;
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const { signal } = request;
    if (signal?.aborted) throw new ModelError('cancelled', 'The model call was cancelled.');
    // MCP messages are user or assistant; the system prompt travels beside them.
    const system = request.messages.filter((m) => m.role === 'system').map((m) => m.content);
    const messages = request.messages
      .filter((m) => m.role !== 'system')
      .map((m) => ({
        role: m.role === 'assistant' ? ('assistant' as const) : ('user' as const),
        content: { type: 'text' as const, text: m.content },
      }));
    try {
      const result = await this.server.createMessage(
        {
          messages,
          ...(system.length ? { systemPrompt: system.join('\n\n') } : {}),
          maxTokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          includeContext: 'none',
        },
        { ...(signal ? { signal } : {}), timeout: SAMPLING_TIMEOUT_MS },
      );
      const text = result.content.type === 'text' ? result.content.text : '';
      request.onText?.(text);
      return {
        text,
        model: result.model,
        ...(result.stopReason ? { finishReason: result.stopReason === 'maxTokens' ? 'length' : result.stopReason } : {}),
      };
    } catch (error) {
      throw toModelError(error, signal?.aborted ?? false);
    }
  }
}

function toModelError(error: unknown, aborted: boolean): ModelError {
  if (aborted) return new ModelError('cancelled', 'The model call was cancelled.');
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof McpError && error.code === ErrorCode.RequestTimeout)
    return new ModelError('timeout', `the client did not answer the sampling request in time: ${message}`);
  // A refusal (the user declined the request) or an unsupported request: retrying would not help.
  return new ModelError('bad_request', `the client's sampling request failed: ${message}`);
}
