// How much text fits a model's window, estimated without a tokenizer: a token is about four
// characters of English or code. Prompts get a share of the window; the rest is room for the
// reply and for the estimate's error (code and JSON tokenize denser than prose).
import { DEFAULT_CONTEXT_WINDOW_TOKENS } from '../../llm/contextWindow.js';
import type { LanguageModel } from '../../llm/types.js';

export { DEFAULT_CONTEXT_WINDOW_TOKENS };
export const CHARS_PER_TOKEN = 4;
const PROMPT_SHARE = 0.7;

export const estimateTokens = (chars: number): number => Math.ceil(chars / CHARS_PER_TOKEN);

export function windowTokens(model: LanguageModel): number {
  return model.contextWindowTokens ?? DEFAULT_CONTEXT_WINDOW_TOKENS;
}

/** What one prompt to this model may hold, in characters. */
export function promptBudgetChars(windowTokens: number, charsPerToken = CHARS_PER_TOKEN): number {
  return Math.floor(Math.floor(windowTokens * PROMPT_SHARE) * charsPerToken);
}

export interface InputLimit {
  tokens: number;
  chars: number;
}

/** The usable input of one llm() call (prompt + context) to `model`; the system prompt states it. */
export function subCallInputLimit(model: LanguageModel): InputLimit {
  const chars = promptBudgetChars(windowTokens(model));
  return { tokens: chars / CHARS_PER_TOKEN, chars };
}

export { formatCount } from '../../workspace/format.js';
