// What vscode.lm throws → the engine's ModelError, by the error's code and name rather than its
// class, so the mapping is testable without vscode. Messages say what the user can do.
import { contextLengthFailure } from '../../llm/contextWindow.js';
import { contextLengthError } from '../../llm/modelErrors.js';
import { ModelError } from '../../llm/types.js';

export function lmErrorToModelError(error: unknown, modelName: string, aborted: boolean): ModelError {
  if (error instanceof ModelError) return error;
  const { name, code, message } = fields(error);
  if (aborted || name === 'Canceled' || name === 'CancellationError') return new ModelError('cancelled', 'The model call was cancelled.');
  const tooLong = contextLengthFailure(message, code);
  if (tooLong) return contextLengthError(modelName, 'vscode.lm', message, tooLong);
  switch (code) {
    case 'NoPermissions':
      return new ModelError(
        'auth',
        `VS Code may not use ${modelName} for Ask RLM: allow it when asked, or under Accounts → Manage Language Model Access. (${message})`,
      );
    case 'Blocked':
      if (/rate|quota|limit/i.test(message)) return new ModelError('rate_limit', `${modelName} is rate limited: ${message}`);
      return new ModelError('auth', `${modelName} refused Ask RLM's requests: ${message}`);
    case 'NotFound':
      return new ModelError(
        'not_found',
        `${modelName} is no longer available (${message}). Pick another model in the chat or in the rlm.model setting.`,
        {
          model: modelName,
        },
      );
  }
  if (/rate.?limit|too many requests|429/i.test(message)) return new ModelError('rate_limit', `${modelName} is rate limited: ${message}`);
  return new ModelError('server', `${modelName} failed: ${message || String(error)}`);
}

function fields(error: unknown): { name: string; code: string; message: string } {
  if (typeof error !== 'object' || error === null) return { name: '', code: '', message: String(error) };
  const e = error as { name?: unknown; code?: unknown; message?: unknown };
  return {
    name: typeof e.name === 'string' ? e.name : '',
    code: typeof e.code === 'string' ? e.code : '',
    message: typeof e.message === 'string' ? e.message : '',
  };
}
