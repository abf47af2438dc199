// The context window a server reports for a model in its models listing (GET {baseURL}/models),
// read once per base URL and model. Each server names it its own way: vLLM `max_model_len`,
// OpenRouter `context_length`, LM Studio `loaded_context_length` (what is loaded) beside
// `max_context_length` (what the model could take), llama.cpp's server `meta.n_ctx_train` (what
// the model was trained for; the server may run it with less). Ollama's OpenAI-compatible
// listing names none. A window the model could take but is not necessarily served with only
// lowers the fallback, never raises it.

/** What a listing entry says: the window it is served with, or only a ceiling. */
export interface ServedWindow {
  tokens?: number;
  ceiling?: number;
}

const SERVED_FIELDS = ['max_model_len', 'loaded_context_length', 'context_length'] as const;
const CEILING_FIELDS = ['max_context_length'] as const;

export function servedWindowOf(entry: unknown): ServedWindow {
  if (!isRecord(entry)) return {};
  const tokens = firstCount(entry, SERVED_FIELDS);
  const meta = isRecord(entry.meta) ? entry.meta : {};
  const ceiling = firstCount(entry, CEILING_FIELDS) ?? firstCount(meta, ['n_ctx_train']);
  return { ...(tokens !== undefined ? { tokens } : {}), ...(ceiling !== undefined ? { ceiling } : {}) };
}

/** The window to use: the served one, else the fallback lowered to the ceiling. */
export function windowFrom(served: ServedWindow, fallback: number | undefined, defaultTokens: number): number | undefined {
  if (served.tokens !== undefined) return served.tokens;
  if (served.ceiling === undefined) return fallback;
  return Math.min(served.ceiling, fallback ?? defaultTokens);
}

/** The listing's entry for `model`, by exact id (OpenRouter lists "openai/gpt-4o", and that is what its users configure). */
export function entryFor(listing: unknown, model: string): unknown {
  const data = isRecord(listing) && Array.isArray(listing.data) ? listing.data : Array.isArray(listing) ? listing : [];
  return data.find((entry) => isRecord(entry) && entry.id === model);
}

export interface WindowLookup {
  /** GET {baseURL}/models, parsed; rejects on any failure. */
  list(signal: AbortSignal): Promise<unknown>;
  baseURL: string;
  model: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Cached for a while: a server may load the same model with another context length later (LM Studio). */
const CACHE_MS = 10 * 60_000;
const cache = new Map<string, { at: number; window: Promise<ServedWindow> }>();

/** The served window, from the cache or one listing request; a failure or timeout is `{}` and is not kept. */
export function lookUpServedWindow(lookup: WindowLookup): Promise<ServedWindow> {
  const key = `${lookup.baseURL}\n${lookup.model}`;
  const cached = cache.get(key);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.window;
  const signals = [AbortSignal.timeout(lookup.timeoutMs), ...(lookup.signal ? [lookup.signal] : [])];
  const window = lookup.list(AbortSignal.any(signals)).then(
    (listing) => servedWindowOf(entryFor(listing, lookup.model)),
    (): ServedWindow => {
      cache.delete(key);
      return {};
    },
  );
  cache.set(key, { at: Date.now(), window });
  return window;
}

function firstCount(record: Record<string, unknown>, fields: readonly string[]): number | undefined {
  for (const field of fields) {
    const value = record[field];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
