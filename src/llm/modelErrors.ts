// Turns whatever the openai SDK (or the stream under it) threw into a ModelError whose kind
// tells the scheduler whether and when to retry, and whose message tells the user what to do.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { contextLengthFailure } from './contextWindow.js';
import { ModelError } from './types.js';

export interface CallContext {
  baseURL: string;
  model: string;
  timeoutMs: number;
  hasKey: boolean;
  /** Our own timer fired (the SDK's timeout covers only the wait for response headers). */
  timedOut: boolean;
  /** The caller's signal. */
  signal?: AbortSignal;
}

export function toModelError(error: unknown, call: CallContext): ModelError {
  if (error instanceof ModelError) return error;
  // Checked first: aborting makes the SDK or undici throw all sorts of things.
  if (call.timedOut || error instanceof APIConnectionTimeoutError) return timeoutError(call);
  if (call.signal?.aborted || error instanceof APIUserAbortError) return cancelledError();
  if (error instanceof APIConnectionError) return connectionError(call, error.cause ?? error);
  if (error instanceof APIError) return fromStatus(error, call);
  // JSON.parse of an SSE event failed.
  if (error instanceof SyntaxError)
    return new ModelError('malformed', `${call.baseURL} sent a reply that is not valid JSON: ${error.message}`, where(call));
  // Anything else came from the socket while the body streamed (undici's "terminated", ECONNRESET, …).
  return new ModelError('network', `The connection to ${call.baseURL} broke mid-reply (${describe(error)}).`, where(call));
}

export const timeoutError = (call: CallContext) =>
  new ModelError('timeout', `${call.model} at ${call.baseURL} did not finish within ${Math.round(call.timeoutMs / 1000)} s.`, where(call));

/** The prompt did not fit the model's window: the engine compacts its history and retries. */
export function contextLengthError(
  model: string,
  where: string,
  said: string,
  details: { status?: number; limitTokens?: number },
): ModelError {
  const window = details.limitTokens ? ` (${details.limitTokens.toLocaleString('en-US')} tokens)` : '';
  return new ModelError('context_length', `The prompt is longer than ${model}'s context window${window} at ${where}: ${said}`, {
    ...details,
    model,
  });
}

export const cancelledError = () => new ModelError('cancelled', 'The model call was cancelled.');

/** Socket errors that mean no server answers at that address: the base URL is wrong or the server is down. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);

function connectionError(call: CallContext, cause: unknown): ModelError {
  if (codesOf(cause).some((code) => UNREACHABLE.has(code)))
    return new ModelError('unreachable', `No model server answers at ${call.baseURL} (${describe(cause)}).`, where(call));
  return new ModelError('network', `The connection to ${call.baseURL} failed (${describe(cause)}).`, where(call));
}

function fromStatus(error: APIError, call: CallContext): ModelError {
  const { status } = error;
  const said = sentence(serverMessage(error));
  const details = { ...where(call), ...(status !== undefined ? { status } : {}) };
  // Before the status: servers send it as 400, 413, 422 or 500, or mid-stream.
  const tooLong = contextLengthFailure(said, error.code);
  if (tooLong) return contextLengthError(call.model, call.baseURL, said, { ...details, ...tooLong });
  if (status === undefined) return new ModelError('server', `${call.baseURL} reported an error mid-stream: ${said}`, details);
  if (status === 429) {
    // OpenAI answers 429 for an exhausted quota too; waiting does not fix that.
    if (error.code === 'insufficient_quota') return new ModelError('quota', `${call.baseURL} (429): ${said}`, details);
    const retryAfter = retryAfterMs(error.headers);
    return new ModelError('rate_limit', `Rate limited by ${call.baseURL}: ${said}`, {
      ...details,
      ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
    });
  }
  if (status === 401 || status === 403) {
    const which = call.hasKey ? 'refused the API key' : 'needs an API key and none was set';
    return new ModelError('auth', `${call.baseURL} ${which} (${status}): ${said}`, { ...details, hasKey: call.hasKey });
  }
  if (status === 408) return new ModelError('timeout', `${call.baseURL} timed out the request (408): ${said}`, details);
  if (status >= 500 || status === 409) return new ModelError('server', `${call.baseURL} failed (${status}): ${said}`, details);
  if (status === 404) return new ModelError('not_found', `${call.baseURL} found no "${call.model}" (404): ${said}`, details);
  return new ModelError('bad_request', `${call.baseURL} rejected the request (${status}): ${said}`, details);
}

const where = (call: CallContext) => ({ baseURL: call.baseURL, model: call.model });

/**
 * A fetch for the SDK that rewraps flat error bodies: SGLang and vLLM before 0.10 answer
 * `{"object": "error", "message": …}`, and the SDK reads only `{"error": {"message": …}}` —
 * without this their words (a context-length error among them) would be lost.
 */
export function readableErrors(base: typeof fetch = fetch): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const response = await base(input, init);
    if (response.ok) return response;
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const flat =
      typeof body === 'object' && body !== null && !('error' in body) && typeof (body as { message?: unknown }).message === 'string';
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    headers.delete('content-encoding');
    return new Response(flat ? JSON.stringify({ error: body }) : text, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}

/** Retry-After as seconds or an HTTP date, or the non-standard retry-after-ms; undefined if absent or unreadable. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** The server's own words, not the SDK's "429 status code (no body)" wrapper. */
function serverMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | string | undefined;
  if (typeof body === 'string' && body) return body;
  if (body && typeof body === 'object' && typeof body.message === 'string') return body.message;
  return error.message;
}

/** The `code` of an error and of each of its causes (undici nests the socket's error). */
function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? `: ${describe(error.cause)}` : '';
  return `${typeof code === 'string' ? `${code} ` : ''}${error.message}${cause}`;
}
