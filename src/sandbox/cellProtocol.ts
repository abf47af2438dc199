// Small pieces every sandbox engine shares: names, limits and messages of the cell protocol.
import { parseGuestJson } from './hostBridge.js';
import type { FinalAnswer, JsonValue, SandboxOptions } from './sandbox.js';

/** The non-writable global through which the engine runs each cell. */
export const CELL_ENTRY = '__rlmRunCell';
export const MAX_FINAL_CHARS = 1_000_000;

const BUILT_INS = ['print', 'console', 'FINAL', 'FINAL_VAR', 'globalThis', CELL_ENTRY];

/** Globals model code may not redeclare at the top level of a cell. */
export function reservedNames(options: SandboxOptions): ReadonlySet<string> {
  return new Set([...BUILT_INS, ...options.functions.map((f) => f.name), ...Object.keys(options.globals ?? {})]);
}

export function parseFinal(json: string): FinalAnswer | undefined {
  const parsed = parseGuestJson(json) as { text?: JsonValue; value?: JsonValue } | null;
  if (!parsed || typeof parsed.text !== 'string') return undefined;
  return { text: parsed.text, value: parsed.value ?? null };
}

export function describeTimeout(timeoutMs: number): string {
  return `The cell was stopped after ${formatSeconds(timeoutMs)}, its time limit.`;
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${+(ms / 1000).toFixed(1)} s`;
}
