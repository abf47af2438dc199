// The errors the scheduler itself raises, worded for the user (and the model) reading them.
import { ModelError } from '../../llm/types.js';

function subject(label: string | undefined): string {
  return label ? `The call "${label}"` : 'The model call';
}

export function cancelledError(label: string | undefined): ModelError {
  return new ModelError('cancelled', `${subject(label)} was cancelled.`);
}

export function timeoutError(label: string | undefined, timeoutMs: number): ModelError {
  const limit = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 100) / 10} s` : `${timeoutMs} ms`;
  return new ModelError('timeout', `${subject(label)} took longer than ${limit} and was stopped.`);
}
