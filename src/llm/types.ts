// The contract every model provider fulfils (OpenAI-compatible HTTP in llm/, VS Code's
// vscode.lm in vscode/models/) and the completion cache's. Types only: the engine depends on
// this file and nothing else in llm/.
import type { ModelFailureKind } from '../protocol/messages.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompletionRequest {
  messages: ChatMessage[];
  /** Upper bound on generated tokens. */
  maxTokens?: number;
  temperature?: number;
  /** Cancels the request; the promise then rejects with a ModelError of kind "cancelled". */
  signal?: AbortSignal;
  /** Receives text as it streams in (for live progress); the full text still comes back at the end. */
  onText?: (delta: string) => void;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export interface Completion {
  text: string;
  /** The model that answered, as the provider names it. */
  model: string;
  /** Token counts reported by the provider; absent when it reports none. */
  usage?: Usage;
  /** "stop", "length", … as the provider says. */
  finishReason?: string;
  /** Reasoning the provider sent apart from the text (`reasoning_content` / `reasoning`); never parsed as code. */
  reasoning?: string;
  /** Tool calls the model made although it was offered none; the engine answers them as replies. */
  toolCalls?: ToolCall[];
}

export interface ToolCall {
  name: string;
  /** The arguments as the model wrote them: JSON text, possibly malformed. */
  arguments: string;
}

export interface LanguageModel {
  /** Stable identifier for caches and traces, e.g. "openai-compatible:gpt-4.1-mini@http://127.0.0.1:8080/v1". */
  readonly id: string;
  /** The model name shown to users. */
  readonly name: string;
  /**
   * How many tokens a prompt may hold: vscode.lm's maxInputTokens, an OpenAI-compatible
   * model's context window (configured, reported by its server, or known by name); undefined when unknown.
   */
  readonly contextWindowTokens?: number;
  /**
   * Learns the window from the server (once per run, bounded, cached) when none is configured;
   * never rejects. The engine awaits it beside the workspace summary, before the first request.
   */
  resolveContextWindow?(signal?: AbortSignal): Promise<void>;
  complete(request: CompletionRequest): Promise<Completion>;
}

/** Completions by (model, full prompt): a repeated question on unchanged code costs almost nothing. */
export interface CompletionCache {
  get(modelId: string, messages: readonly ChatMessage[]): Promise<Completion | undefined>;
  set(modelId: string, messages: readonly ChatMessage[], completion: Completion): Promise<void>;
}

/** The kinds the surfaces word (protocol/messages.ts), plus a cancelled call. */
export type ModelErrorKind = ModelFailureKind | 'cancelled';

export interface ModelErrorDetails {
  status?: number;
  retryAfterMs?: number;
  /** The window a context_length error named, when it named one. */
  limitTokens?: number;
  /** Where the call went and with which model: each surface names the setting or flag to check. */
  baseURL?: string;
  model?: string;
  /** An API key was sent (auth: refused rather than missing). */
  hasKey?: boolean;
}

/**
 * A failed model call, classified so the scheduler knows whether and when to retry and each
 * surface can say what fixes it. The message says what happened, never which flag or button
 * fixes it: that is the surface's to say (cli/failureText.ts, common/failureAdvice.ts).
 */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly details: ModelErrorDetails = {},
  ) {
    super(message);
  }

  get retryable(): boolean {
    const { kind } = this;
    return kind === 'rate_limit' || kind === 'server' || kind === 'network' || kind === 'unreachable' || kind === 'timeout';
  }
}
