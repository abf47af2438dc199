// The `rlm.*` settings: one typed table that matches package.json's contributes.configuration
// (a unit test keeps the two in step). Read at use, never cached, so a change applies to the
// next question. No vscode import: callers pass `workspace.getConfiguration('rlm')`.

import { SANDBOX_ENGINES, type SandboxEngineChoice } from '../sandbox/createSandbox.js';

/** The Settings editor's filter for this extension's settings only (`@ext:publisher.name`). */
export const SETTINGS_FILTER = '@ext:ask-rlm.ask-rlm';

export type ModelProvider = 'auto' | 'copilot' | 'openai-compatible';
export type SandboxEngineSetting = SandboxEngineChoice;

export interface RlmSettings {
  modelProvider: ModelProvider;
  baseUrl: string;
  model: string;
  subModel: string;
  concurrency: number;
  maxDepth: number;
  maxIterations: number;
  maxSubCalls: number;
  maxCostUsd: number | undefined;
  contextWindow: number | undefined;
  include: string[];
  exclude: string[];
  allowSecretFiles: boolean;
  redactSecrets: boolean;
  sandboxEngine: SandboxEngineSetting;
  cache: boolean;
}

/** What `workspace.getConfiguration('rlm')` offers; a plain map in tests. */
export interface ConfigurationSource {
  get<T>(key: string): T | undefined;
}

type Parser<T> = (value: unknown) => T | undefined;

const oneOf =
  <T extends string>(...values: T[]): Parser<T> =>
  (v) =>
    values.find((x) => x === v);
const text: Parser<string> = (v) => (typeof v === 'string' ? v.trim() : undefined);
const flag: Parser<boolean> = (v) => (typeof v === 'boolean' ? v : undefined);
const globs: Parser<string[]> = (v) =>
  Array.isArray(v) ? v.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim()) : undefined;
const integer =
  (min: number): Parser<number> =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min ? v : undefined;
const optionalTokens: Parser<number | undefined> = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1024 ? v : undefined);
const optionalUsd: Parser<number | undefined> = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/** Each setting's default and how its value is checked; a value of the wrong type falls back to the default. */
export const SETTINGS: { [K in keyof RlmSettings]: { default: RlmSettings[K]; parse: Parser<RlmSettings[K]> } } = {
  modelProvider: { default: 'auto', parse: oneOf('auto', 'copilot', 'openai-compatible') },
  baseUrl: { default: '', parse: text },
  model: { default: '', parse: text },
  subModel: { default: '', parse: text },
  concurrency: { default: 8, parse: integer(1) },
  maxDepth: { default: 2, parse: integer(0) },
  maxIterations: { default: 20, parse: integer(1) },
  maxSubCalls: { default: 300, parse: integer(0) },
  maxCostUsd: { default: undefined, parse: optionalUsd },
  contextWindow: { default: undefined, parse: optionalTokens },
  include: { default: [], parse: globs },
  exclude: { default: [], parse: globs },
  allowSecretFiles: { default: false, parse: flag },
  redactSecrets: { default: true, parse: flag },
  sandboxEngine: { default: 'auto', parse: oneOf('auto', ...SANDBOX_ENGINES) },
  cache: { default: true, parse: flag },
};

export function readSettings(config: ConfigurationSource): RlmSettings {
  const read = <K extends keyof RlmSettings>(key: K): RlmSettings[K] => {
    const entry = SETTINGS[key];
    return entry.parse(config.get<unknown>(key)) ?? entry.default;
  };
  return {
    modelProvider: read('modelProvider'),
    baseUrl: read('baseUrl'),
    model: read('model'),
    subModel: read('subModel'),
    concurrency: read('concurrency'),
    maxDepth: read('maxDepth'),
    maxIterations: read('maxIterations'),
    maxSubCalls: read('maxSubCalls'),
    maxCostUsd: read('maxCostUsd'),
    contextWindow: read('contextWindow'),
    include: read('include'),
    exclude: read('exclude'),
    allowSecretFiles: read('allowSecretFiles'),
    redactSecrets: read('redactSecrets'),
    sandboxEngine: read('sandboxEngine'),
    cache: read('cache'),
  };
}

/** Adds VS Code's `files.exclude` (globs mapped to true) to the model's exclude globs. */
export function withFilesExclude(settings: RlmSettings, filesExclude: unknown): RlmSettings {
  if (!filesExclude || typeof filesExclude !== 'object') return settings;
  const globs = Object.entries(filesExclude as Record<string, unknown>)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
  return globs.length ? { ...settings, exclude: [...settings.exclude, ...globs] } : settings;
}
