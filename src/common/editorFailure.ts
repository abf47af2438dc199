// A failed run as VS Code shows it (the panel's failure card, the chat's error): what happened
// and the one action that fixes it — Set API Key, a setting to open, or Retry. The CLI words
// the same failures with its flags (cli/failureText.ts). Pure: the webview and the host both
// read it, so the button the panel draws is the action the host runs.
import type { RunFailure } from '../protocol/messages.js';

export type FixAction =
  | { kind: 'set-api-key'; label: 'Set API Key' }
  | { kind: 'open-setting'; label: string; setting: string }
  | { kind: 'retry'; label: 'Retry' };

export interface EditorFailure {
  /** The sentence to show: what failed, then what to do. */
  text: string;
  action: FixAction;
}

const SET_KEY: FixAction = { kind: 'set-api-key', label: 'Set API Key' };
const RETRY: FixAction = { kind: 'retry', label: 'Retry' };
const setting = (id: string): FixAction => ({ kind: 'open-setting', label: `Open ${id}`, setting: id });

export function editorFailure(failure: RunFailure): EditorFailure {
  const said = sentence(failure.message);
  const { text, action } = advice(failure);
  return { text: text ? `${said} ${text}` : said, action };
}

function advice(failure: RunFailure): { text: string; action: FixAction } {
  // Without a base URL the model came from vscode.lm: no key or server to configure.
  const openAi = failure.baseUrl !== undefined;
  switch (failure.kind) {
    case 'auth':
      if (!openAi) return { text: '', action: RETRY };
      return { text: failure.keySent ? 'Set a key this server accepts.' : 'Set its API key.', action: SET_KEY };
    case 'quota':
      return { text: "Check the account's plan and billing, or set another key.", action: SET_KEY };
    case 'not_found':
      return openAi
        ? {
            text: 'Check that "rlm.model" names a model this server serves, and that "rlm.baseUrl" ends in /v1.',
            action: setting('rlm.model'),
          }
        : { text: 'Pick another model in "rlm.model".', action: setting('rlm.model') };
    case 'unreachable':
      return { text: 'Check "rlm.baseUrl", and that the server is running.', action: setting('rlm.baseUrl') };
    case 'bad_request':
      return { text: 'Check "rlm.model" and "rlm.baseUrl".', action: setting(openAi ? 'rlm.baseUrl' : 'rlm.model') };
    case 'context_length':
      return {
        text: 'Set "rlm.contextWindow" to the model\'s window, or pick a model with a larger one.',
        action: setting('rlm.contextWindow'),
      };
    case 'rate_limit':
      return { text: 'Wait a moment and retry, or lower "rlm.concurrency".', action: RETRY };
    case 'server':
    case 'timeout':
    case 'network':
    case 'malformed':
      return { text: 'Retry in a moment.', action: RETRY };
    case 'internal':
      return { text: '', action: RETRY };
  }
}

/** Ends with one stop: the server's words may or may not end with one. */
export function sentence(text: string): string {
  const trimmed = text.trim().replace(/\.+$/, '.');
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
