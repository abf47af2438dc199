// The models of one run, from the settings: the chat's model in chat, a Copilot model, or the
// OpenAI-compatible server with its key from SecretStorage. When none fits, a NoModelError says
// what to configure; the caller shows it with buttons.
import * as vscode from 'vscode';
import { OpenAiCompatibleModel } from '../../llm/openAiCompatibleModel.js';
import { costUsd } from '../../llm/prices.js';
import type { LanguageModel, Usage } from '../../llm/types.js';
import type { RlmSettings } from '../settings.js';
import { chooseModelSource, pickByName } from './modelChoice.js';
import { VscodeLmModel } from './vscodeLmModel.js';

export const API_KEY_SECRET = 'rlm.openaiCompatible.apiKey';

export interface ChosenModels {
  root: LanguageModel;
  sub: LanguageModel;
  price(modelName: string, usage: Usage): number | undefined;
}

export class NoModelError extends Error {
  constructor(
    message: string,
    readonly needsKey: boolean,
    /** The setting that is missing, for a button that opens it. */
    readonly setting?: string,
  ) {
    super(message);
  }
}

export async function chooseModels(
  settings: RlmSettings,
  secrets: vscode.SecretStorage,
  chatModel?: vscode.LanguageModelChat,
): Promise<ChosenModels> {
  const apiKey = (await secrets.get(API_KEY_SECRET)) || undefined;
  const wantsCopilot = !chatModel && settings.modelProvider !== 'openai-compatible';
  const copilot = wantsCopilot ? await vscode.lm.selectChatModels({ vendor: 'copilot' }) : [];
  const copilotRoot = pickByName(copilot, settings.model);
  const choice = chooseModelSource({
    settings,
    inChat: chatModel !== undefined,
    copilotAvailable: copilotRoot !== undefined,
    ...(apiKey ? { apiKey } : {}),
  });

  switch (choice.kind) {
    case 'none':
      throw new NoModelError(choice.message, choice.needsKey, choice.setting);
    case 'openai-compatible': {
      const key = {
        ...(choice.apiKey ? { apiKey: choice.apiKey } : {}),
        ...(settings.contextWindow ? { contextWindowTokens: settings.contextWindow } : {}),
      };
      const root = new OpenAiCompatibleModel({ baseURL: choice.baseURL, model: choice.model, ...key });
      const sub =
        choice.subModel === choice.model ? root : new OpenAiCompatibleModel({ baseURL: choice.baseURL, model: choice.subModel, ...key });
      return { root, sub, price: (name, usage) => costUsd(name, usage) };
    }
    case 'chat':
    case 'copilot': {
      const rootChat = choice.kind === 'chat' && chatModel ? chatModel : copilotRoot;
      if (!rootChat) throw new NoModelError('No language model is available.', false);
      const root = new VscodeLmModel(rootChat);
      // A sub-model named in the settings, looked up among all vscode.lm models; else the root model.
      const subChat = settings.subModel ? pickByName(await vscode.lm.selectChatModels(), settings.subModel) : undefined;
      // Copilot requests are not billed per token: cost stays unknown rather than wrong.
      return { root, sub: subChat ? new VscodeLmModel(subChat) : root, price: () => undefined };
    }
  }
}
