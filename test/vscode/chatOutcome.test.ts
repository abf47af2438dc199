import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { busyNote, CANCEL_RUNNING, chatFailure, outcomeNote } from '../../src/vscode/chat/chatOutcome.js';

describe('the chat says how a run ended', () => {
  it('from the status, never from the reason', () => {
    expect(outcomeNote({ status: 'done', answer: 'At src/a.ts:1' })).toBeUndefined();
    expect(outcomeNote({ status: 'partial', answer: 'best so far', reason: 'the cost budget ($1) is used up' })).toBe(
      '*Partial answer: the cost budget ($1) is used up.*',
    );
    // A reason that reads like another status changes nothing.
    expect(outcomeNote({ status: 'partial', answer: 'best so far', reason: 'cancelled' })).toBe('*Partial answer: cancelled.*');
    expect(outcomeNote({ status: 'cancelled', answer: 'Cancelled before a final answer.', reason: 'cancelled' })).toBe('*Cancelled.*');
    // A failure is the response's error (chatFailure), not a note beside it.
    expect(outcomeNote({ status: 'failed', answer: '', reason: 'the model failed: 401' })).toBeUndefined();
  });
});

describe('a failed run in the chat', () => {
  it('is worded for VS Code, with the button that fixes it; Retry is the chat’s own', () => {
    const auth = { kind: 'auth', message: 'http://h/v1 needs an API key and none was set (401): No key', baseUrl: 'http://h/v1' } as const;
    expect(chatFailure({ failure: auth })).toEqual({
      message: 'http://h/v1 needs an API key and none was set (401): No key. Set its API key.',
      button: { kind: 'set-api-key', label: 'Set API Key' },
    });
    const unreachable = {
      kind: 'unreachable',
      message: 'No model server answers at http://h/v1 (ECONNREFUSED).',
      baseUrl: 'http://h/v1',
    } as const;
    expect(chatFailure({ failure: unreachable })).toEqual({
      message: 'No model server answers at http://h/v1 (ECONNREFUSED). Check "rlm.baseUrl", and that the server is running.',
      button: { kind: 'open-setting', label: 'Open rlm.baseUrl', setting: 'rlm.baseUrl' },
    });
    expect(chatFailure({ failure: { kind: 'server', message: 'http://h/v1 failed (500): boom.', baseUrl: 'http://h/v1' } })).toEqual({
      message: 'http://h/v1 failed (500): boom. Retry in a moment.',
    });
    expect(chatFailure({ reason: 'The isolated-vm sandbox could not start' })).toEqual({
      message: 'The run failed: The isolated-vm sandbox could not start',
    });
  });
});

describe('a second question while one runs', () => {
  it('is refused in the chat with the running question named and how to cancel it', () => {
    expect(busyNote('Where is add defined?')).toBe(
      'RLM is still answering “Where is add defined?”, and answers one question at a time. Wait for it, or cancel it (the button below, or Cancel in the RLM panel) and ask this again.',
    );
    // The button runs the command the palette and the status bar cancel with.
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { commands: Array<{ command: string }> } };
    expect(manifest.contributes.commands.map((c) => c.command)).toContain(CANCEL_RUNNING.command);
  });
});
