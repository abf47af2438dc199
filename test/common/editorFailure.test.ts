import { describe, expect, it } from 'vitest';
import { editorFailure, sentence } from '../../src/common/editorFailure.js';
import { cliFailureText } from '../../src/cli/failureText.js';
import type { RunFailure } from '../../src/protocol/messages.js';

const URL = 'http://127.0.0.1:8000/v1';
const at = { baseUrl: URL, model: 'qwen' };

// One failure of each kind, as the engine hands them over (messages as llm/modelErrors.ts writes them).
const FAILURES: Record<RunFailure['kind'], RunFailure> = {
  auth: { kind: 'auth', message: `${URL} needs an API key and none was set (401): Incorrect API key provided.`, status: 401, ...at },
  quota: { kind: 'quota', message: `${URL} (429): You exceeded your current quota.`, status: 429, ...at },
  not_found: { kind: 'not_found', message: `${URL} found no "qwen" (404): The model \`qwen\` does not exist.`, status: 404, ...at },
  unreachable: { kind: 'unreachable', message: `No model server answers at ${URL} (ECONNREFUSED connect ECONNREFUSED).`, ...at },
  rate_limit: { kind: 'rate_limit', message: `Rate limited by ${URL}: Slow down.`, status: 429, ...at },
  server: { kind: 'server', message: `${URL} failed (500): Internal trouble.`, status: 500, ...at },
  timeout: { kind: 'timeout', message: `qwen at ${URL} did not finish within 120 s.`, ...at },
  network: { kind: 'network', message: `The connection to ${URL} broke mid-reply (terminated).`, ...at },
  context_length: { kind: 'context_length', message: "The prompt is longer than qwen's context window at x: too long.", ...at },
  bad_request: { kind: 'bad_request', message: `${URL} rejected the request (422): bad field.`, status: 422, ...at },
  malformed: { kind: 'malformed', message: `${URL} sent a reply that is not valid JSON: Unexpected token.`, ...at },
  internal: { kind: 'internal', message: 'The quickjs sandbox could not start: no WebAssembly' },
};

describe('a failure worded for VS Code: what failed, then the one action that fixes it', () => {
  const cases: Array<[RunFailure['kind'], string, string]> = [
    ['auth', 'Set its API key.', 'Set API Key'],
    ['quota', "Check the account's plan and billing, or set another key.", 'Set API Key'],
    ['not_found', 'Check that "rlm.model" names a model this server serves, and that "rlm.baseUrl" ends in /v1.', 'Open rlm.model'],
    ['unreachable', 'Check "rlm.baseUrl", and that the server is running.', 'Open rlm.baseUrl'],
    ['rate_limit', 'Wait a moment and retry, or lower "rlm.concurrency".', 'Retry'],
    ['server', 'Retry in a moment.', 'Retry'],
    ['timeout', 'Retry in a moment.', 'Retry'],
    ['network', 'Retry in a moment.', 'Retry'],
    ['context_length', 'Set "rlm.contextWindow" to the model\'s window, or pick a model with a larger one.', 'Open rlm.contextWindow'],
    ['bad_request', 'Check "rlm.model" and "rlm.baseUrl".', 'Open rlm.baseUrl'],
    ['malformed', 'Retry in a moment.', 'Retry'],
  ];
  for (const [kind, advice, label] of cases) {
    it(kind, () => {
      const shown = editorFailure(FAILURES[kind]);
      expect(shown.text).toBe(`${FAILURES[kind].message} ${advice}`);
      expect(shown.action.label).toBe(label);
      // No CLI wording, no doubled stops.
      expect(shown.text).not.toMatch(/--|OPENAI_|RLM_|\.\./);
    });
  }

  it('internal: the message and Retry', () => {
    expect(editorFailure(FAILURES.internal)).toEqual({
      text: 'The quickjs sandbox could not start: no WebAssembly.',
      action: { kind: 'retry', label: 'Retry' },
    });
  });

  it('a refused key asks for one the server accepts; a vscode.lm model (no base URL) has no key to set', () => {
    expect(editorFailure({ ...FAILURES.auth, keySent: true }).text).toMatch(/Set a key this server accepts\.$/);
    const lm = { kind: 'auth', message: 'VS Code may not use GPT-4o for Ask RLM: allow it when asked.' } as const;
    expect(editorFailure(lm)).toEqual({ text: lm.message, action: { kind: 'retry', label: 'Retry' } });
    expect(editorFailure({ kind: 'not_found', message: 'GPT-4o is no longer available.' }).action).toMatchObject({ setting: 'rlm.model' });
  });

  it('the actions name what the host runs', () => {
    expect(editorFailure(FAILURES.auth).action).toEqual({ kind: 'set-api-key', label: 'Set API Key' });
    expect(editorFailure(FAILURES.unreachable).action).toEqual({ kind: 'open-setting', label: 'Open rlm.baseUrl', setting: 'rlm.baseUrl' });
  });

  it('ends a server message with exactly one stop', () => {
    expect(sentence('Incorrect API key provided')).toBe('Incorrect API key provided.');
    expect(sentence('Slow down..')).toBe('Slow down.');
    expect(sentence('Why?')).toBe('Why?');
  });
});

describe('the same failures worded for the CLI: the flag or variable that fixes it', () => {
  const cases: Array<[RunFailure['kind'], string]> = [
    ['auth', 'Give the key with --api-key KEY (or OPENAI_API_KEY).'],
    ['quota', "Check the account's plan and billing, or give another key with --api-key."],
    ['not_found', 'Check --model (or RLM_MODEL): does the server serve "qwen"? The base URL usually ends in /v1.'],
    ['unreachable', 'Check --base-url (or OPENAI_BASE_URL), and that the server is running.'],
    ['rate_limit', 'Wait a moment and ask again, or lower --concurrency.'],
    ['server', 'Ask again in a moment.'],
    ['timeout', 'Ask again in a moment.'],
    ['network', 'Ask again in a moment.'],
    ['context_length', "Give the model's window with --context-window TOKENS (or RLM_CONTEXT_WINDOW)."],
    ['bad_request', 'Check --model and --base-url.'],
    ['malformed', 'Ask again in a moment.'],
  ];
  for (const [kind, hint] of cases) {
    it(kind, () => {
      const text = cliFailureText(FAILURES[kind]);
      expect(text).toBe(`${FAILURES[kind].message} ${hint}`);
      expect(text).not.toMatch(/Set API Key|rlm\.baseUrl|rlm\.model|\.\./);
    });
  }

  it('a refused key points at the key that was given; internal has no hint', () => {
    expect(cliFailureText({ ...FAILURES.auth, keySent: true })).toMatch(/Check the key given with --api-key \(or OPENAI_API_KEY\)\.$/);
    expect(cliFailureText(FAILURES.internal)).toBe('The quickjs sandbox could not start: no WebAssembly.');
  });
});
