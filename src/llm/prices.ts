// What a call cost, from the tokens the provider reported. Prices change and every deployment
// names models its own way, so the table is a default that callers extend or override; a model
// it does not know has no cost (undefined), never a guess.
import type { Usage } from './types.js';

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** List prices of a few well-known models (USD per 1M tokens, as published by the providers). */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  o3: { input: 2, output: 8 },
  'o4-mini': { input: 1.1, output: 4.4 },
};

/** The defaults with the caller's entries on top (e.g. from settings or `--prices`). */
export function priceTable(overrides: PriceTable = {}): PriceTable {
  return { ...DEFAULT_PRICES, ...overrides };
}

/**
 * Looks a model up by its exact name, then without a provider prefix ("openai/gpt-4o") and
 * without a date suffix ("gpt-4o-2024-08-06"), because providers report names that way.
 */
export function findPrice(modelName: string, table: PriceTable = DEFAULT_PRICES): ModelPrice | undefined {
  return lookUpModel(modelName, table);
}

/** An entry of a table keyed by model name, found the way findPrice finds prices. */
export function lookUpModel<T>(modelName: string, table: Readonly<Record<string, T>>): T | undefined {
  const bare = modelName.slice(modelName.lastIndexOf('/') + 1);
  const undated = bare.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  for (const name of [modelName, bare, undated]) {
    if (Object.hasOwn(table, name)) return table[name];
  }
  return undefined;
}

/** Cost of one call in USD; undefined when the model's price or the usage is unknown. */
export function costUsd(modelName: string, usage: Usage | undefined, table: PriceTable = DEFAULT_PRICES): number | undefined {
  const price = findPrice(modelName, table);
  if (!price || !usage) return undefined;
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
}
