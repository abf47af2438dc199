// Context windows by model name, and the servers' own words for "the prompt is too long".
import { describe, expect, it } from 'vitest';
import { contextLengthFailure, knownContextWindow } from '../../src/llm/contextWindow.js';
import { OpenAiCompatibleModel } from '../../src/llm/openAiCompatibleModel.js';
import { lmErrorToModelError } from '../../src/vscode/models/lmErrors.js';

describe('contextLengthFailure', () => {
  it.each([
    [
      'OpenAI / Azure',
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 131234 tokens. Please reduce the length of the messages.",
      128_000,
    ],
    [
      'vLLM',
      "This model's maximum context length is 16384 tokens. However, you requested 122946 tokens (112946 in the messages, 10000 in the completion). Please reduce the length of the messages or completion.",
      16_384,
    ],
    ['OpenRouter', "This endpoint's maximum context length is 200000 tokens. However, you requested about 210000 tokens.", 200_000],
    ['SGLang', "The input (85050 tokens) is longer than the model's context length (32768 tokens).", 32_768],
    [
      'LM Studio (llama.cpp)',
      'Trying to keep the first 111490 tokens when context the overflows. However, the model is loaded with context length of only 32768 tokens, which is not enough.',
      32_768,
    ],
    ['GitHub Copilot', 'prompt token count of 132354 exceeds the limit of 128000', 128_000],
    ['Anthropic', 'prompt is too long: 210194 tokens > 200000 maximum', 200_000],
    ['Ollama', 'the input length exceeds the context length', undefined],
    ['LM Studio (MLX)', 'Context size has been exceeded.', undefined],
    ['Copilot Chat', 'Sorry, this message is too long. Please try a shorter question.', undefined],
  ])('reads %s', (_server, message, limitTokens) => {
    expect(contextLengthFailure(message)).toEqual(limitTokens === undefined ? {} : { limitTokens });
  });

  it('knows the error codes, and leaves other errors alone', () => {
    expect(contextLengthFailure('Request too large.', 'context_length_exceeded')).toEqual({});
    expect(contextLengthFailure('too long', 'model_max_prompt_tokens_exceeded')).toEqual({});
    expect(contextLengthFailure("Unsupported parameter: 'max_tokens'")).toBeUndefined();
    expect(contextLengthFailure('max_tokens must be at least 1, got -186.')).toBeUndefined();
  });

  it('classifies vscode.lm errors that say so', () => {
    const error = lmErrorToModelError(
      new Error(
        'Request Failed: 400 {"error":{"message":"prompt token count of 132354 exceeds the limit of 128000","code":"model_max_prompt_tokens_exceeded"}}',
      ),
      'GPT-4.1',
      false,
    );
    expect(error).toMatchObject({ kind: 'context_length', retryable: false, details: { limitTokens: 128_000 } });
    expect(error.message).toMatch(/^The prompt is longer than GPT-4\.1's context window \(128,000 tokens\) at vscode\.lm: /);
  });
});

describe('context windows', () => {
  it('are known for well-known models, by the names providers report', () => {
    expect(knownContextWindow('gpt-4.1-mini')).toBe(1_047_576);
    expect(knownContextWindow('openai/gpt-4o-2024-08-06')).toBe(128_000);
    expect(knownContextWindow('qwen3-32b')).toBeUndefined();
  });

  it('an OpenAI-compatible model takes the configured window first', () => {
    expect(new OpenAiCompatibleModel({ baseURL: 'http://127.0.0.1:1/v1', model: 'gpt-4o' }).contextWindowTokens).toBe(128_000);
    expect(
      new OpenAiCompatibleModel({ baseURL: 'http://127.0.0.1:1/v1', model: 'gpt-4o', contextWindowTokens: 8_192 }).contextWindowTokens,
    ).toBe(8_192);
    expect(new OpenAiCompatibleModel({ baseURL: 'http://127.0.0.1:1/v1', model: 'llama3.1' }).contextWindowTokens).toBeUndefined();
  });
});
