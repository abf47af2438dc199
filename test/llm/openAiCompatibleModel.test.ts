// The OpenAI-compatible model against a real HTTP server through the real openai SDK: success,
// streaming, usage, and every failure mapped to the ModelError kind the scheduler relies on.
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAiCompatibleModel, type OpenAiCompatibleOptions } from '../../src/llm/openAiCompatibleModel.js';
import { ModelError, type CompletionRequest } from '../../src/llm/types.js';
import { httpError, startScriptedModelServer, text, type Policy, type ScriptedModelServer } from '../support/scriptedModelServer.js';

const ask: CompletionRequest = { messages: [{ role: 'user', content: 'What is 2 + 2?' }] };
let server: ScriptedModelServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function modelFor(policy: Policy, options: Partial<OpenAiCompatibleOptions> = {}) {
  server = await startScriptedModelServer(policy);
  return new OpenAiCompatibleModel({ baseURL: server.baseURL, model: 'test-model', ...options });
}

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe('OpenAiCompatibleModel', () => {
  it('returns text, model, usage and finish reason', async () => {
    const model = await modelFor(() => text('The answer is 4.', { usage: { inputTokens: 12, outputTokens: 5 } }));
    const result = await model.complete(ask);
    expect(result).toEqual({
      text: 'The answer is 4.',
      model: 'test-model',
      usage: { inputTokens: 12, outputTokens: 5 },
      finishReason: 'stop',
    });
    expect(model.id).toBe(`openai-compatible:test-model@${server?.baseURL}`);
    expect(server?.requests[0]).toMatchObject({
      model: 'test-model',
      stream: true,
      messages: ask.messages,
      body: { stream_options: { include_usage: true } },
    });
  });

  it('keeps streamed reasoning (`reasoning_content` or `reasoning`) apart from the text', async () => {
    for (const reasoningField of ['reasoning_content', 'reasoning'] as const) {
      const deltas: string[] = [];
      const model = await modelFor(() => text('4', { reasoning: 'Two plus two is four.', reasoningField }));
      const completion = await model.complete({ ...ask, onText: (d) => deltas.push(d) });
      expect(completion).toMatchObject({ text: '4', reasoning: 'Two plus two is four.' });
      expect(deltas).toEqual(['4']);
      await server?.close();
      server = undefined;
    }
  });

  it('assembles tool calls streamed in pieces', async () => {
    const code = JSON.stringify({ code: 'print(grep("TODO").length)' });
    const model = await modelFor(() =>
      text('', {
        toolCalls: [
          { name: 'python', arguments: code },
          { name: 'search', arguments: '{"q": "x"}' },
        ],
      }),
    );
    const completion = await model.complete(ask);
    expect(completion).toMatchObject({
      text: '',
      finishReason: 'tool_calls',
      toolCalls: [
        { name: 'python', arguments: code },
        { name: 'search', arguments: '{"q": "x"}' },
      ],
    });
    expect(completion.reasoning).toBeUndefined();
  });

  it('streams deltas to onText', async () => {
    const model = await modelFor(() => text('one two three four'));
    const deltas: string[] = [];
    const result = await model.complete({ ...ask, onText: (d) => deltas.push(d) });
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('one two three four');
    expect(result.text).toBe('one two three four');
  });

  it('leaves usage undefined when the server reports none', async () => {
    const model = await modelFor(() => text('4', { usage: null }));
    const result = await model.complete(ask);
    expect(result.text).toBe('4');
    expect(result.usage).toBeUndefined();
  });

  it('sends the key, max tokens and temperature', async () => {
    const model = await modelFor(() => '4', { apiKey: 'sk-test', defaultMaxTokens: 100 });
    await model.complete({ ...ask, temperature: 0 });
    await model.complete({ ...ask, maxTokens: 7 });
    expect(server?.requests[0]?.headers.authorization).toBe('Bearer sk-test');
    expect(server?.requests[0]?.body).toMatchObject({ max_tokens: 100, temperature: 0 });
    expect(server?.requests[1]?.body).toMatchObject({ max_tokens: 7 });
  });

  it('429 with Retry-After in seconds → rate_limit with retryAfterMs', async () => {
    const model = await modelFor(() => httpError(429, 'Slow down', { 'retry-after': '3' }));
    const error = await failure(model.complete(ask));
    expect(error).toMatchObject({ kind: 'rate_limit', details: { status: 429, retryAfterMs: 3000 }, retryable: true });
    expect(error.message).toContain('Slow down');
    expect(server?.requests).toHaveLength(1); // the SDK did not retry on its own
  });

  it('429 with Retry-After as an HTTP date → rate_limit with retryAfterMs', async () => {
    const model = await modelFor(() => httpError(429, 'Slow down', { 'retry-after': new Date(Date.now() + 10_000).toUTCString() }));
    const error = await failure(model.complete(ask));
    expect(error.kind).toBe('rate_limit');
    expect(error.details.retryAfterMs).toBeGreaterThan(7_000);
    expect(error.details.retryAfterMs).toBeLessThanOrEqual(10_000);
  });

  it('429 with retry-after-ms → rate_limit with retryAfterMs', async () => {
    const model = await modelFor(() => httpError(429, 'Slow down', { 'retry-after-ms': '250' }));
    expect((await failure(model.complete(ask))).details.retryAfterMs).toBe(250);
  });

  it('5xx → server', async () => {
    const model = await modelFor((_, { callIndex }) => httpError(callIndex === 0 ? 500 : 503, 'boom'));
    expect(await failure(model.complete(ask))).toMatchObject({ kind: 'server', details: { status: 500 }, retryable: true });
    expect(await failure(model.complete(ask))).toMatchObject({ kind: 'server', details: { status: 503 } });
  });

  it('401 → auth, with the server and model for the surfaces, and no surface wording', async () => {
    const model = await modelFor(() => httpError(401, 'Incorrect API key provided'));
    const error = await failure(model.complete(ask));
    expect(error).toMatchObject({ kind: 'auth', retryable: false, details: { status: 401, baseURL: server?.baseURL, hasKey: false } });
    expect(error.message).toBe(`${server?.baseURL} needs an API key and none was set (401): Incorrect API key provided.`);
  });

  it('403 → auth; without a key the message says none was set', async () => {
    const model = await modelFor(() => httpError(403, 'Forbidden'));
    const error = await failure(model.complete(ask));
    expect(error).toMatchObject({ kind: 'auth', details: { status: 403 } });
    expect(error.message).toContain('none was set');
  });

  it('429 insufficient_quota → quota, since waiting does not help', async () => {
    const body = { error: { message: 'You exceeded your current quota.', code: 'insufficient_quota' } };
    const model = await modelFor(() => ({ kind: 'error', status: 429, body }));
    expect(await failure(model.complete(ask))).toMatchObject({ kind: 'quota', retryable: false });
  });

  it('400 and 422 → bad_request', async () => {
    const model = await modelFor((_, { callIndex }) => httpError(callIndex === 0 ? 400 : 422, 'context too long'));
    expect((await failure(model.complete(ask))).details.status).toBe(400);
    expect(await failure(model.complete(ask))).toMatchObject({ kind: 'bad_request', details: { status: 422 } });
  });

  it('retries once without a field the server rejects, and remembers', async () => {
    const model = await modelFor((request) =>
      request.body.stream_options ? httpError(400, 'Unrecognized request argument supplied: stream_options') : text('ok', { usage: null }),
    );
    expect((await model.complete(ask)).text).toBe('ok');
    expect((await model.complete(ask)).text).toBe('ok');
    expect(server?.requests.map((r) => 'stream_options' in r.body)).toEqual([true, false, false]);
  });

  it('404 unknown model → not_found with the server message', async () => {
    const model = await modelFor(() => httpError(404, 'The model `nope` does not exist'));
    const error = await failure(model.complete(ask));
    expect(error).toMatchObject({ kind: 'not_found', details: { status: 404, model: 'test-model' }, retryable: false });
    expect(error.message).toContain('The model `nope` does not exist');
  });

  it('connection reset before any reply → network, naming the base URL', async () => {
    const model = await modelFor(() => ({ kind: 'drop' }));
    const error = await failure(model.complete(ask));
    expect(error).toMatchObject({ kind: 'network', retryable: true });
    expect(error.message).toContain(server?.baseURL);
  });

  it('connection reset mid-stream → network', async () => {
    const model = await modelFor(() => ({ kind: 'drop', partialText: 'The answ' }));
    expect((await failure(model.complete(ask))).kind).toBe('network');
  });

  it('connection refused → unreachable (retried: the server may be starting)', async () => {
    const probe = await startScriptedModelServer(() => '');
    const baseURL = probe.baseURL;
    await probe.close();
    const error = await failure(new OpenAiCompatibleModel({ baseURL, model: 'm' }).complete(ask));
    expect(error).toMatchObject({ kind: 'unreachable', retryable: true, details: { baseURL, model: 'm' } });
    expect(error.message).toContain(baseURL);
  });

  it('a slow stream past the client timeout → timeout', async () => {
    const model = await modelFor(() => text('a b c d e f g h', { chunkDelayMs: 100 }), { timeoutMs: 300 });
    expect(await failure(model.complete(ask))).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('a server that never answers → timeout', async () => {
    const model = await modelFor(() => text('late', { delayMs: 5_000 }), { timeoutMs: 200 });
    expect((await failure(model.complete(ask))).kind).toBe('timeout');
  });

  it('abort mid-stream → cancelled, with no text after the abort', async () => {
    const model = await modelFor(() => text('a b c d e f g h i j', { chunkDelayMs: 200 }));
    const controller = new AbortController();
    const deltas: string[] = [];
    const call = model.complete({
      ...ask,
      signal: controller.signal,
      onText: (delta) => {
        deltas.push(delta);
        controller.abort();
      },
    });
    expect((await failure(call)).kind).toBe('cancelled');
    expect(deltas).toHaveLength(1);
    await expect.poll(() => server?.inFlight).toBe(0); // the server saw the connection go
  });

  it('abort before the reply starts, and an already aborted signal → cancelled', async () => {
    const model = await modelFor(() => text('late', { delayMs: 5_000 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect((await failure(model.complete({ ...ask, signal: controller.signal }))).kind).toBe('cancelled');
    expect((await failure(model.complete({ ...ask, signal: AbortSignal.abort() }))).kind).toBe('cancelled');
  });

  it('invalid JSON in the stream → malformed', async () => {
    const model = await modelFor(() => ({ kind: 'malformed' }));
    expect(await failure(model.complete(ask))).toMatchObject({ kind: 'malformed', retryable: false });
  });

  it('an empty stream → malformed', async () => {
    const model = await modelFor(() => ({ kind: 'empty' }));
    expect((await failure(model.complete(ask))).kind).toBe('malformed');
  });

  it('events without choices → malformed', async () => {
    const model = await modelFor(() => ({
      kind: 'raw',
      contentType: 'text/event-stream',
      body: 'data: {"id":"x","model":"m"}\n\ndata: [DONE]\n\n',
    }));
    expect((await failure(model.complete(ask))).kind).toBe('malformed');
  });

  it('an error event mid-stream → server', async () => {
    const model = await modelFor(() => ({
      kind: 'raw',
      contentType: 'text/event-stream',
      body: 'data: {"error":{"message":"provider overloaded"}}\n\n',
    }));
    const error = await failure(model.complete(ask));
    expect(error.kind).toBe('server');
    expect(error.message).toContain('provider overloaded');
  });

  it('lets an exception from onText through unchanged', async () => {
    const model = await modelFor(() => text('a b c'));
    const oops = new Error('listener bug');
    await expect(
      model.complete({
        ...ask,
        onText: () => {
          throw oops;
        },
      }),
    ).rejects.toBe(oops);
  });
});
