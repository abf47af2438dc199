import { describe, expect, it } from 'vitest';
import { chooseModelSource, OPENAI_URL, pickByName } from '../../src/vscode/models/modelChoice.js';
import type { ModelProvider } from '../../src/vscode/settings.js';

const settings = (modelProvider: ModelProvider, extra: Partial<{ baseUrl: string; model: string; subModel: string }> = {}) => ({
  modelProvider,
  baseUrl: '',
  model: '',
  subModel: '',
  ...extra,
});

describe('chooseModelSource', () => {
  it('auto: the chat model in chat, else Copilot, else the OpenAI-compatible settings, else a hint', () => {
    expect(chooseModelSource({ settings: settings('auto'), inChat: true, copilotAvailable: true })).toEqual({ kind: 'chat' });
    expect(
      chooseModelSource({
        settings: settings('auto', { model: 'm', baseUrl: 'http://127.0.0.1:1/v1' }),
        inChat: false,
        copilotAvailable: true,
      }),
    ).toEqual({ kind: 'copilot' });
    expect(
      chooseModelSource({
        settings: settings('auto', { model: 'm', baseUrl: 'http://127.0.0.1:1/v1' }),
        inChat: false,
        copilotAvailable: false,
      }),
    ).toEqual({
      kind: 'openai-compatible',
      baseURL: 'http://127.0.0.1:1/v1',
      model: 'm',
      subModel: 'm',
    });
    const none = chooseModelSource({ settings: settings('auto'), inChat: false, copilotAvailable: false });
    expect(none).toMatchObject({ kind: 'none', needsKey: true });
    expect(none.kind === 'none' && none.message).toMatch(/Copilot.*rlm\.baseUrl.*Set API Key/);
  });

  it('auto with rlm.baseUrl set and rlm.model not (or the reverse): says which one is missing', () => {
    const noModel = chooseModelSource({
      settings: settings('auto', { baseUrl: 'http://127.0.0.1:1/v1' }),
      inChat: false,
      copilotAvailable: false,
      apiKey: 'k',
    });
    expect(noModel.kind === 'none' && noModel.message).toBe('The OpenAI-compatible model is not configured: set "rlm.model".');
    // The button opens the one that is missing.
    expect(noModel).toMatchObject({ setting: 'rlm.model' });
    const noUrl = chooseModelSource({ settings: settings('auto', { model: 'llama' }), inChat: false, copilotAvailable: false });
    expect(noUrl.kind === 'none' && noUrl.message).toBe(
      'The OpenAI-compatible model is not configured: set "rlm.baseUrl" (or an API key for OpenAI).',
    );
    expect(noUrl).toMatchObject({ setting: 'rlm.baseUrl', needsKey: true });
  });

  it('openai-compatible: OpenAI by default once a key is set; says what is missing otherwise', () => {
    expect(
      chooseModelSource({
        settings: settings('openai-compatible', { model: 'gpt-4.1', subModel: 'gpt-4.1-mini' }),
        inChat: true,
        copilotAvailable: true,
        apiKey: 'sk',
      }),
    ).toEqual({
      kind: 'openai-compatible',
      baseURL: OPENAI_URL,
      model: 'gpt-4.1',
      subModel: 'gpt-4.1-mini',
      apiKey: 'sk',
    });
    const missing = chooseModelSource({
      settings: settings('openai-compatible', { model: 'gpt-4.1' }),
      inChat: false,
      copilotAvailable: true,
    });
    expect(missing.kind === 'none' && missing.message).toMatch(/rlm\.baseUrl/);
  });

  it('copilot: the chat model in chat; without a Copilot model a hint, never the OpenAI settings', () => {
    expect(chooseModelSource({ settings: settings('copilot'), inChat: true, copilotAvailable: false })).toEqual({ kind: 'chat' });
    const none = chooseModelSource({
      settings: settings('copilot', { model: 'x', baseUrl: 'http://h/v1' }),
      inChat: false,
      copilotAvailable: false,
    });
    expect(none).toMatchObject({ kind: 'none', needsKey: false });
    expect(none.kind === 'none' && none.message).toContain('"x"');
  });
});

describe('pickByName', () => {
  const models = [
    { id: 'copilot-a', family: 'gpt-4.1', name: 'GPT 4.1' },
    { id: 'copilot-b', family: 'claude', name: 'Claude' },
  ];
  it('matches id, then family, then name; the first model when no name is set', () => {
    expect(pickByName(models, '')).toBe(models[0]);
    expect(pickByName(models, 'copilot-b')).toBe(models[1]);
    expect(pickByName(models, 'claude')).toBe(models[1]);
    expect(pickByName(models, 'GPT 4.1')).toBe(models[0]);
    expect(pickByName(models, 'nope')).toBeUndefined();
  });
});
