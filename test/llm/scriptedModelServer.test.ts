// The scripted server itself: the parts other suites rely on but the model tests do not touch
// (non-streaming replies, /v1/models, in-flight counting).
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedModelServer, text, type ScriptedModelServer } from '../support/scriptedModelServer.js';

let server: ScriptedModelServer | undefined;
afterEach(() => server?.close());

const client = (baseURL: string) => new OpenAI({ baseURL, apiKey: 'k', maxRetries: 0 });

describe('scripted model server', () => {
  it('answers non-streaming requests and lists models', async () => {
    server = await startScriptedModelServer(() => text('hello', { usage: { inputTokens: 3, outputTokens: 1 } }), { models: ['a', 'b'] });
    const reply = await client(server.baseURL).chat.completions.create({ model: 'a', messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.choices[0]?.message.content).toBe('hello');
    expect(reply.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 1 });
    const models = await client(server.baseURL).models.list();
    expect(models.data.map((m) => m.id)).toEqual(['a', 'b']);
    expect(server.requests).toHaveLength(1);
  });

  it('counts requests in flight', async () => {
    server = await startScriptedModelServer((_, { inFlight }) => text(`in flight: ${inFlight}`, { delayMs: 100 }));
    const openai = client(server.baseURL);
    const calls = Array.from({ length: 5 }, () =>
      openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
    );
    await Promise.all(calls);
    expect(server.maxInFlight).toBe(5);
    expect(server.inFlight).toBe(0);
  });
});
