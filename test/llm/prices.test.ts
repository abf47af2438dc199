import { describe, expect, it } from 'vitest';
import { costUsd, DEFAULT_PRICES, findPrice, priceTable } from '../../src/llm/prices.js';

describe('prices', () => {
  it('prices a known model per million tokens', () => {
    expect(costUsd('gpt-4.1-mini', { inputTokens: 1_000_000, outputTokens: 500_000 })).toBeCloseTo(0.4 + 0.8);
    expect(costUsd('gpt-4o-mini', { inputTokens: 2000, outputTokens: 1000 })).toBeCloseTo((2000 * 0.15 + 1000 * 0.6) / 1e6);
  });

  it('finds names with a provider prefix or a date suffix', () => {
    expect(findPrice('openai/gpt-4o')).toEqual(DEFAULT_PRICES['gpt-4o']);
    expect(findPrice('gpt-4o-2024-08-06')).toEqual(DEFAULT_PRICES['gpt-4o']);
  });

  it('is undefined for unknown models or missing usage — never a guess', () => {
    expect(costUsd('qwen2.5-coder:7b', { inputTokens: 10, outputTokens: 10 })).toBeUndefined();
    expect(costUsd('gpt-4o', undefined)).toBeUndefined();
    expect(findPrice('toString')).toBeUndefined();
  });

  it('takes overrides on top of the defaults', () => {
    const table = priceTable({ 'my-local-model': { input: 0, output: 0 }, 'gpt-4o': { input: 1, output: 2 } });
    expect(costUsd('my-local-model', { inputTokens: 5, outputTokens: 5 }, table)).toBe(0);
    expect(costUsd('gpt-4o', { inputTokens: 1e6, outputTokens: 1e6 }, table)).toBe(3);
    expect(costUsd('gpt-4.1', { inputTokens: 1e6, outputTokens: 0 }, table)).toBe(2);
  });
});
