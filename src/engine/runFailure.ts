// What ended a failed run, typed for the surfaces: a model failure keeps its kind and where the
// call went, so each surface can name the flag, setting or button that fixes it.
import { ModelError } from '../llm/types.js';
import type { RunFailure } from '../protocol/messages.js';

export function runFailure(error: unknown): RunFailure {
  if (!(error instanceof ModelError) || error.kind === 'cancelled')
    return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
  const { status, baseURL, model, hasKey } = error.details;
  return {
    kind: error.kind,
    message: error.message,
    ...(status !== undefined ? { status } : {}),
    ...(baseURL !== undefined ? { baseUrl: baseURL } : {}),
    ...(model !== undefined ? { model } : {}),
    ...(hasKey !== undefined ? { keySent: hasKey } : {}),
  };
}
