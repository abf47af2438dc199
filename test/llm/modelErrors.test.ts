// Retry-After parsing and the request-shape adaptations, without a server.
import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../src/llm/modelErrors.js';
import { RequestShape } from '../../src/llm/requestShape.js';

describe('retryAfterMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  const at = (headers: Record<string, string>) => retryAfterMs(new Headers(headers), now);

  it('reads seconds, HTTP dates and retry-after-ms', () => {
    expect(at({ 'retry-after': '2' })).toBe(2000);
    expect(at({ 'retry-after': '0.5' })).toBe(500);
    expect(at({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' })).toBe(30_000);
    expect(at({ 'retry-after-ms': '120', 'retry-after': '9' })).toBe(120);
  });

  it('is undefined when absent or unreadable, and never negative', () => {
    expect(at({})).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(at({ 'retry-after': 'soon' })).toBeUndefined();
    expect(at({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' })).toBe(0);
  });
});

describe('RequestShape', () => {
  it('sends stream_options, max_tokens and temperature until a server rejects them', () => {
    const shape = new RequestShape();
    const request = { maxTokens: 50, temperature: 0.2 };
    expect(shape.fields(request)).toEqual({ stream_options: { include_usage: true }, max_tokens: 50, temperature: 0.2 });
    expect(
      shape.adaptTo("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."),
    ).toBe(true);
    expect(
      shape.adaptTo("Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported."),
    ).toBe(true);
    expect(shape.adaptTo('Unrecognized request argument supplied: stream_options')).toBe(true);
    expect(shape.fields(request)).toEqual({ max_completion_tokens: 50 });
    expect(shape.adaptTo('Unrecognized request argument supplied: stream_options')).toBe(false);
    expect(shape.adaptTo('The model `x` does not exist')).toBe(false);
  });
});
