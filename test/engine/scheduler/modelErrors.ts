// Shorthands for the errors a LanguageModel raises.
import { ModelError, type ModelErrorKind } from '../../../src/llm/types.js';

export const modelError = (kind: ModelErrorKind, retryAfterMs?: number): ModelError =>
  new ModelError(kind, `${kind} from the fake provider`, retryAfterMs !== undefined ? { status: 429, retryAfterMs } : {});

/** The rejection of `promise`, or undefined if it resolved. */
export const rejectionOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );
