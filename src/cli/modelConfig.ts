// Which models `rlm ask` uses: flags first, then the environment (OPENAI_API_KEY,
// OPENAI_BASE_URL, RLM_MODEL, RLM_SUB_MODEL, RLM_CONTEXT_WINDOW). Without a model it says exactly what to set.
import type { Scheduler } from '../engine/engineContext.js';
import { CallScheduler } from '../engine/scheduler/callScheduler.js';
import { OpenAiCompatibleModel } from '../llm/openAiCompatibleModel.js';
import { costUsd } from '../llm/prices.js';
import type { LanguageModel, Usage } from '../llm/types.js';
import { UsageError } from './session.js';

export interface ModelFlags {
  model?: string;
  subModel?: string;
  baseUrl?: string;
  apiKey?: string;
  /** The models' context window in tokens. */
  contextWindow?: number;
}

export interface ResolvedModels {
  root: LanguageModel;
  sub: LanguageModel;
  price(modelName: string, usage: Usage): number | undefined;
  scheduler(concurrency?: number): Promise<Scheduler>;
}

const OPENAI_URL = 'https://api.openai.com/v1';

export const NO_MODEL_HELP = `rlm ask needs a model. Give one with --model NAME (or RLM_MODEL) and, for a server other than OpenAI, its address with --base-url URL (or OPENAI_BASE_URL); the key goes in --api-key KEY (or OPENAI_API_KEY).
Examples:
  OPENAI_API_KEY=sk-… rlm ask --model gpt-4.1 "Where is the config loaded?"
  rlm ask --base-url http://127.0.0.1:11434/v1 --model qwen2.5-coder "…"      (Ollama)
  rlm ask --base-url http://127.0.0.1:8000/v1 --model my-model --sub-model my-small-model "…"   (vLLM, SGLang, LM Studio)`;

export function resolveModels(flags: ModelFlags, env: NodeJS.ProcessEnv): ResolvedModels {
  // An empty flag or variable counts as not set.
  const model = flags.model || env.RLM_MODEL;
  const apiKey = flags.apiKey || env.OPENAI_API_KEY;
  const baseURL = flags.baseUrl || env.OPENAI_BASE_URL || (apiKey ? OPENAI_URL : undefined);
  if (!model || !baseURL) throw new UsageError(NO_MODEL_HELP);
  const subName = flags.subModel || env.RLM_SUB_MODEL || model;
  const window = flags.contextWindow ?? windowFromEnv(env.RLM_CONTEXT_WINDOW);
  const shared = { ...(apiKey ? { apiKey } : {}), ...(window ? { contextWindowTokens: window } : {}) };
  const root = new OpenAiCompatibleModel({ baseURL, model, ...shared });
  const sub = subName === model ? root : new OpenAiCompatibleModel({ baseURL, model: subName, ...shared });
  return {
    root,
    sub,
    price: (name, usage) => costUsd(name, usage),
    scheduler: async (concurrency) => new CallScheduler(concurrency !== undefined ? { concurrency } : {}),
  };
}

function windowFromEnv(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const tokens = Number(value);
  if (!Number.isInteger(tokens) || tokens < 1024)
    throw new UsageError(`RLM_CONTEXT_WINDOW must be a whole number of tokens (≥ 1024), not "${value}".`);
  return tokens;
}
