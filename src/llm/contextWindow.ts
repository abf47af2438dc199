// How many tokens a model's prompt may hold, and how each server says a prompt was too long.
// Windows are known here for a few well-known models (a configured value wins); the wordings
// are the servers' own: OpenAI and Azure (code context_length_exceeded), vLLM and OpenRouter
// ("maximum context length is N tokens"), SGLang, Ollama, LM Studio, GitHub Copilot, Anthropic.
import { lookUpModel } from './prices.js';

/** For a model whose window nobody states (configured, reported by its server, or known here). */
export const DEFAULT_CONTEXT_WINDOW_TOKENS = 32_768;

/** Prompt tokens (the window less the reserved output, where the provider reserves one). */
export const KNOWN_CONTEXT_WINDOWS: Readonly<Record<string, number>> = {
  'gpt-5': 272_000,
  'gpt-5-mini': 272_000,
  'gpt-5-nano': 272_000,
  'gpt-4.1': 1_047_576,
  'gpt-4.1-mini': 1_047_576,
  'gpt-4.1-nano': 1_047_576,
  'gpt-4o': 128_000,
  'gpt-4o-mini': 128_000,
  o3: 200_000,
  'o4-mini': 200_000,
};

export function knownContextWindow(modelName: string): number | undefined {
  return lookUpModel(modelName, KNOWN_CONTEXT_WINDOWS);
}

const CODES = new Set(['context_length_exceeded', 'model_max_prompt_tokens_exceeded', 'string_above_max_length']);

/** Each wording, with the group holding the window's size when the server names it. */
const WORDINGS: RegExp[] = [
  /maximum context length is ([\d,]+) tokens/i, // OpenAI, Azure, vLLM, OpenRouter
  /longer than the model's context length \(([\d,]+) tokens\)/i, // SGLang
  /loaded with context length of only ([\d,]+) tokens/i, // LM Studio (llama.cpp)
  /prompt token count of [\d,]+ exceeds the limit of ([\d,]+)/i, // GitHub Copilot
  /prompt is too long: [\d,]+ tokens > ([\d,]+) maximum/i, // Anthropic
  /input length exceeds the (?:maximum )?context length/i, // Ollama (truncate: false)
  /context (?:size|window|length) (?:has been |was )?exceeded/i, // LM Studio (MLX), generic
  /this message is too long/i, // Copilot Chat
];

/** Undefined unless the error says the prompt did not fit; then the window it named, if any. */
export function contextLengthFailure(message: string, code?: unknown): { limitTokens?: number } | undefined {
  const matched = typeof code === 'string' && CODES.has(code);
  for (const wording of WORDINGS) {
    const match = wording.exec(message);
    if (!match) continue;
    const limit = match[1] ? Number(match[1].replace(/,/g, '')) : NaN;
    return Number.isFinite(limit) && limit > 0 ? { limitTokens: limit } : {};
  }
  return matched ? {} : undefined;
}
