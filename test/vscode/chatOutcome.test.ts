import { describe, expect, it } from 'vitest';
import { outcomeNote } from '../../src/vscode/chat/chatOutcome.js';

describe('the chat says how a run ended', () => {
  it('from the status, never from the reason', () => {
    expect(outcomeNote({ status: 'done', answer: 'At src/a.ts:1' })).toBeUndefined();
    expect(outcomeNote({ status: 'partial', answer: 'best so far', reason: 'the cost budget ($1) is used up' })).toBe(
      '*Partial answer: the cost budget ($1) is used up.*',
    );
    // A reason that reads like another status changes nothing.
    expect(outcomeNote({ status: 'partial', answer: 'best so far', reason: 'cancelled' })).toBe('*Partial answer: cancelled.*');
    expect(outcomeNote({ status: 'cancelled', answer: 'Cancelled before a final answer.', reason: 'cancelled' })).toBe('*Cancelled.*');
    expect(outcomeNote({ status: 'failed', answer: 'No answer: the model failed: 401', reason: 'the model failed: 401' })).toBeUndefined();
    expect(outcomeNote({ status: 'failed', answer: '', reason: 'The isolated-vm sandbox could not start' })).toBe(
      'The run failed: The isolated-vm sandbox could not start',
    );
  });
});
