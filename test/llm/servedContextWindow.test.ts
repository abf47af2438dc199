// The context window read from the server's GET /v1/models, as each server writes it, through
// the real openai SDK against the scripted server: once per base URL and model, bounded, and
// never in the way of a configured window.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONTEXT_WINDOW_TOKENS } from '../../src/llm/contextWindow.js';
import { OpenAiCompatibleModel } from '../../src/llm/openAiCompatibleModel.js';
import {
  httpError,
  startScriptedModelServer,
  type ListedModel,
  type ScriptedModelServer,
  type ScriptedServerOptions,
} from '../support/scriptedModelServer.js';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * The window a model resolves against a scripted listing. The lookup's bound is generous (an
 * answered lookup ends when the listing arrives, and a loaded machine took over 300 ms for the
 * first one); the slow-listing case passes a short one against a far slower server.
 */
async function windowFor(
  model: string,
  listing: ListedModel[] | ScriptedServerOptions,
  { contextWindowTokens, lookupMs = 10_000 }: { contextWindowTokens?: number; lookupMs?: number } = {},
): Promise<number | undefined> {
  server = await startScriptedModelServer(() => 'unused', Array.isArray(listing) ? { models: listing } : listing);
  const llm = new OpenAiCompatibleModel({
    baseURL: server.baseURL,
    model,
    ...(contextWindowTokens ? { contextWindowTokens } : {}),
    windowLookupTimeoutMs: lookupMs,
  });
  await llm.resolveContextWindow();
  return llm.contextWindowTokens;
}

describe('the context window from /v1/models', () => {
  it('reads each server’s own field', async () => {
    // vLLM: the length it serves the model with (--max-model-len).
    expect(
      await windowFor('Qwen/Qwen2.5-Coder-7B-Instruct', [
        { id: 'Qwen/Qwen2.5-Coder-7B-Instruct', owned_by: 'vllm', root: 'Qwen/Qwen2.5-Coder-7B-Instruct', max_model_len: 16_384 },
      ]),
    ).toBe(16_384);
    // OpenRouter: context_length, beside top_provider's.
    expect(
      await windowFor('qwen/qwen3-coder', [
        { id: 'openai/gpt-4o', context_length: 128_000 },
        { id: 'qwen/qwen3-coder', context_length: 262_144, top_provider: { context_length: 262_144, max_completion_tokens: null } },
      ]),
    ).toBe(262_144);
    // LM Studio: the length the model is loaded with, not the most it could take.
    expect(
      await windowFor('qwen2.5-7b-instruct', [
        { id: 'qwen2.5-7b-instruct', type: 'llm', state: 'loaded', max_context_length: 131_072, loaded_context_length: 8_192 },
      ]),
    ).toBe(8_192);
  });

  it('treats what a model could take as a ceiling only: it lowers the default, never raises it', async () => {
    // llama.cpp's server: meta.n_ctx_train is the training length; --ctx-size may be smaller.
    const llamaCpp = (nCtxTrain: number): ListedModel[] => [
      { id: 'gemma-3-4b-it', owned_by: 'llamacpp', meta: { vocab_type: 1, n_vocab: 262_144, n_ctx_train: nCtxTrain, n_embd: 2560 } },
    ];
    expect(await windowFor('gemma-3-4b-it', llamaCpp(8_192))).toBe(8_192);
    expect(await windowFor('gemma-3-4b-it', llamaCpp(131_072))).toBe(DEFAULT_CONTEXT_WINDOW_TOKENS);
    // A not-loaded LM Studio model lists only max_context_length.
    expect(await windowFor('gpt-4o', [{ id: 'gpt-4o', state: 'not-loaded', max_context_length: 32_000 }])).toBe(32_000);
  });

  it('keeps the fallback when the listing names no window, fails, or is slow', async () => {
    // Ollama's OpenAI-compatible listing has no length; OpenAI's neither, so a known name holds.
    expect(await windowFor('qwen2.5-coder:7b', [{ id: 'qwen2.5-coder:7b', owned_by: 'library' }])).toBeUndefined();
    expect(await windowFor('gpt-4o', [{ id: 'gpt-4o', owned_by: 'system' }])).toBe(128_000);
    expect(await windowFor('local-model', { listing: httpError(404, 'Not Found') })).toBeUndefined();
    expect(
      await windowFor(
        'local-model',
        { models: [{ id: 'local-model', max_model_len: 4_096 }], listing: { kind: 'delay', delayMs: 5_000 } },
        { lookupMs: 300 },
      ),
    ).toBeUndefined();
  });

  it('asks once per base URL and model, and not at all when the window is configured', async () => {
    expect(await windowFor('m', [{ id: 'm', max_model_len: 4_096 }], { contextWindowTokens: 50_000 })).toBe(50_000);
    expect(server!.listings).toBe(0);
    expect(await windowFor('m', [{ id: 'm', max_model_len: 4_096 }])).toBe(4_096);
    const again = new OpenAiCompatibleModel({ baseURL: server!.baseURL, model: 'm' });
    await Promise.all([again.resolveContextWindow(), again.resolveContextWindow()]);
    expect(again.contextWindowTokens).toBe(4_096);
    expect(server!.listings).toBe(1);
  });

  it('asks again after a failure', async () => {
    server = await startScriptedModelServer(() => 'unused', { listing: httpError(503, 'loading model') });
    const llm = new OpenAiCompatibleModel({ baseURL: server.baseURL, model: 'm' });
    await llm.resolveContextWindow();
    await llm.resolveContextWindow();
    expect(server.listings).toBe(2);
  });
});
