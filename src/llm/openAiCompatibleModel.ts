// A LanguageModel on any OpenAI-compatible chat completions endpoint (OpenAI, Azure, OpenRouter,
// vLLM, SGLang, Ollama, LM Studio) through the openai SDK. Always streams: onText gets live
// deltas, and usage comes from the final chunk. No retries here — the engine's scheduler owns
// them — so every failure leaves as a classified ModelError.
import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { DEFAULT_CONTEXT_WINDOW_TOKENS, knownContextWindow } from './contextWindow.js';
import { cancelledError, readableErrors, timeoutError, toModelError, type CallContext } from './modelErrors.js';
import { RequestShape } from './requestShape.js';
import { lookUpServedWindow, windowFrom, type ServedWindow } from './servedContextWindow.js';
import { ModelError, type Completion, type CompletionRequest, type LanguageModel, type ToolCall, type Usage } from './types.js';

export interface OpenAiCompatibleOptions {
  /** e.g. "https://api.openai.com/v1" or "http://127.0.0.1:11434/v1". */
  baseURL: string;
  /** Omit for local servers that need none. */
  apiKey?: string;
  model: string;
  /** Whole call, first byte to last chunk (default 5 minutes). */
  timeoutMs?: number;
  /** Used when a request sets no maxTokens. */
  defaultMaxTokens?: number;
  /** The model's context window in tokens; default: what the server's models listing says, else known by name, else unknown. */
  contextWindowTokens?: number;
  /** How long reading the window from the models listing may take (default 1.5 s); then the fallback holds. */
  windowLookupTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_WINDOW_LOOKUP_MS = 1_500;

export class OpenAiCompatibleModel implements LanguageModel {
  readonly id: string;
  readonly name: string;
  private readonly client: OpenAI;
  private served: ServedWindow = {};
  private readonly timeoutMs: number;
  private readonly shape = new RequestShape();

  constructor(private readonly options: OpenAiCompatibleOptions) {
    this.id = `openai-compatible:${options.model}@${options.baseURL}`;
    this.name = options.model;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.client = new OpenAI({
      baseURL: options.baseURL,
      // The SDK refuses to start without a key; local servers ignore this one.
      apiKey: options.apiKey ?? 'no-key',
      // Explicit, so OPENAI_ORG_ID / OPENAI_PROJECT_ID in the environment never reach a third-party server.
      organization: null,
      project: null,
      maxRetries: 0,
      timeout: this.timeoutMs,
      // Failures are reported as ModelErrors; the SDK's own console logging would only duplicate them.
      logLevel: 'off',
      fetch: readableErrors(),
    });
    // Node loads fetch's implementation (undici) on the first call; naming one of its classes
    // loads it now, while the CLI lists the workspace, not on the way to the first request.
    void Headers;
  }

  /** Configured, else what the server reported, else known by name. */
  get contextWindowTokens(): number | undefined {
    const { contextWindowTokens: configured, model } = this.options;
    return configured ?? windowFrom(this.served, knownContextWindow(model), DEFAULT_CONTEXT_WINDOW_TOKENS);
  }

  /** Reads the window from the server's models listing unless one is configured; never rejects. */
  async resolveContextWindow(signal?: AbortSignal): Promise<void> {
    if (this.options.contextWindowTokens !== undefined) return;
    const { baseURL, model } = this.options;
    this.served = await lookUpServedWindow({
      baseURL,
      model,
      timeoutMs: this.options.windowLookupTimeoutMs ?? DEFAULT_WINDOW_LOOKUP_MS,
      ...(signal ? { signal } : {}),
      // The raw body: the SDK's Model type drops the servers' own fields from its types, not from the JSON.
      list: (listSignal) => this.client.get<unknown>('/models', { signal: listSignal, maxRetries: 0 }),
    });
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const { baseURL, model, apiKey } = this.options;
    const call: CallContext = {
      baseURL,
      model,
      timeoutMs: this.timeoutMs,
      hasKey: apiKey !== undefined,
      timedOut: false,
      signal: request.signal,
    };
    if (request.signal?.aborted) throw cancelledError();
    const controller = new AbortController();
    const cancel = () => controller.abort();
    request.signal?.addEventListener('abort', cancel, { once: true });
    // Our own timer: the SDK's timeout stops counting once the response headers arrive.
    const timer = setTimeout(() => {
      if (controller.signal.aborted) return;
      call.timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    try {
      for (;;) {
        try {
          const completion = await this.stream(request, controller.signal);
          // An aborted stream ends its loop quietly instead of throwing.
          if (controller.signal.aborted) throw call.timedOut ? timeoutError(call) : cancelledError();
          return completion;
        } catch (error) {
          if (error instanceof CallerError) throw error.error;
          const failure = toModelError(error, call);
          // A server that rejects an optional field gets the request again without it.
          if (failure.kind !== 'bad_request' || !this.shape.adaptTo(failure.message)) throw failure;
        }
      }
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', cancel);
    }
  }

  private async stream(request: CompletionRequest, signal: AbortSignal): Promise<Completion> {
    const params: ChatCompletionCreateParamsStreaming = {
      model: this.options.model,
      messages: request.messages,
      stream: true,
      ...this.shape.fields({ maxTokens: request.maxTokens ?? this.options.defaultMaxTokens, temperature: request.temperature }),
    };
    const stream = await this.client.chat.completions.create(params, { signal });
    let text = '';
    let reasoning = '';
    const toolCalls: ToolCall[] = [];
    let model: string | undefined;
    let usage: Usage | undefined;
    let finishReason: string | undefined;
    let events = 0;
    let choices = 0;
    for await (const chunk of stream) {
      events++;
      if (typeof chunk !== 'object' || chunk === null)
        throw this.malformed(`an event that is not a chunk object: ${JSON.stringify(chunk)}`);
      model ??= chunk.model || undefined;
      usage = readUsage(chunk) ?? usage;
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      choices++;
      reasoning += reasoningDelta(choice.delta);
      for (const call of choice.delta?.tool_calls ?? []) {
        const slot = (toolCalls[call.index ?? toolCalls.length] ??= { name: '', arguments: '' });
        slot.name += call.function?.name ?? '';
        slot.arguments += call.function?.arguments ?? '';
      }
      const delta = choice.delta?.content;
      if (delta) {
        text += delta;
        try {
          request.onText?.(delta);
        } catch (error) {
          throw new CallerError(error);
        }
      }
      finishReason = choice.finish_reason ?? finishReason;
    }
    if (!signal.aborted && events === 0) throw this.malformed('an empty stream (does it support stream: true?)');
    if (!signal.aborted && choices === 0) throw this.malformed(`${events} stream event(s) without any choices`);
    const calls = toolCalls.filter(Boolean);
    return {
      text,
      model: model ?? this.options.model,
      usage,
      finishReason,
      ...(reasoning ? { reasoning } : {}),
      ...(calls.length ? { toolCalls: calls } : {}),
    };
  }

  private malformed(what: string): ModelError {
    return new ModelError('malformed', `${this.options.baseURL} sent ${what} for model ${this.options.model}.`);
  }
}

function readUsage(chunk: ChatCompletionChunk): Usage | undefined {
  const input = chunk.usage?.prompt_tokens;
  const output = chunk.usage?.completion_tokens;
  if (typeof input !== 'number' && typeof output !== 'number') return undefined;
  return { inputTokens: input ?? 0, outputTokens: output ?? 0 };
}

/** vLLM and SGLang stream reasoning as `reasoning_content`, Ollama and OpenRouter as `reasoning`: fields the SDK's types lack. */
function reasoningDelta(delta: object | undefined): string {
  const fields = (delta ?? {}) as { reasoning_content?: unknown; reasoning?: unknown };
  const piece = fields.reasoning_content ?? fields.reasoning;
  return typeof piece === 'string' ? piece : '';
}

/** An exception from the caller's own onText: it is not a model failure, so it passes through unclassified. */
class CallerError {
  constructor(readonly error: unknown) {}
}
