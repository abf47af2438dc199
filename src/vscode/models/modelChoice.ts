// Which models answer, decided from the settings and what is available — pure, so the rules
// are tested without vscode. chooseModels.ts turns the decision into LanguageModels.
import type { RlmSettings } from '../settings.js';

export const OPENAI_URL = 'https://api.openai.com/v1';

export type ModelChoice =
  /** The model picked in the chat is the root model. */
  | { kind: 'chat' }
  /** A Copilot model through vscode.lm (settings.model as id or family, or the first one). */
  | { kind: 'copilot' }
  | { kind: 'openai-compatible'; baseURL: string; model: string; subModel: string; apiKey?: string }
  /** `setting`: the one setting to open (the first one missing), when one is. */
  | { kind: 'none'; message: string; needsKey: boolean; setting?: string };

export interface ChoiceInput {
  settings: Pick<RlmSettings, 'modelProvider' | 'baseUrl' | 'model' | 'subModel'>;
  /** The request came from chat with a model picked there. */
  inChat: boolean;
  /** vscode.lm offers at least one Copilot model (matching settings.model, if set). */
  copilotAvailable: boolean;
  apiKey?: string;
}

export function chooseModelSource(input: ChoiceInput): ModelChoice {
  const { settings, inChat, copilotAvailable } = input;
  const openAi = openAiChoice(input);
  switch (settings.modelProvider) {
    case 'openai-compatible':
      return openAi;
    case 'copilot':
      if (inChat) return { kind: 'chat' };
      return copilotAvailable ? { kind: 'copilot' } : noCopilot(settings.model);
    case 'auto':
      if (inChat) return { kind: 'chat' };
      if (copilotAvailable) return { kind: 'copilot' };
      if (openAi.kind === 'openai-compatible') return openAi;
      // Half an OpenAI-compatible set-up (a base URL without a model, or the reverse) says which half is missing.
      if (settings.baseUrl || settings.model) return openAi;
      return {
        kind: 'none',
        needsKey: !input.apiKey,
        message:
          'Ask RLM needs a language model. Sign in to GitHub Copilot, or set "rlm.baseUrl" and "rlm.model" for an OpenAI-compatible server and its API key with "RLM: Set API Key".',
      };
  }
}

function openAiChoice({ settings, apiKey }: ChoiceInput): ModelChoice {
  const baseURL = settings.baseUrl || (apiKey ? OPENAI_URL : '');
  if (!settings.model || !baseURL) {
    const missing = [!settings.model && '"rlm.model"', !baseURL && '"rlm.baseUrl" (or an API key for OpenAI)']
      .filter(Boolean)
      .join(' and ');
    return {
      kind: 'none',
      needsKey: !apiKey,
      setting: settings.model ? 'rlm.baseUrl' : 'rlm.model',
      message: `The OpenAI-compatible model is not configured: set ${missing}.`,
    };
  }
  return {
    kind: 'openai-compatible',
    baseURL,
    model: settings.model,
    subModel: settings.subModel || settings.model,
    ...(apiKey ? { apiKey } : {}),
  };
}

function noCopilot(model: string): ModelChoice {
  const which = model ? `matching "${model}" ` : '';
  return {
    kind: 'none',
    needsKey: false,
    message: `No Copilot language model ${which}is available. Sign in to GitHub Copilot, change "rlm.model", or set "rlm.modelProvider" to "openai-compatible".`,
  };
}

/** A Copilot model matching the setting (by id, family or name), or the first one when unset. */
export function pickByName<T extends { id: string; family: string; name: string }>(models: readonly T[], wanted: string): T | undefined {
  if (!wanted) return models[0];
  return models.find((m) => m.id === wanted) ?? models.find((m) => m.family === wanted) ?? models.find((m) => m.name === wanted);
}
