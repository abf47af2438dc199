import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSettings, SETTINGS, withFilesExclude } from '../../src/vscode/settings.js';

const contributed = (
  JSON.parse(readFileSync('package.json', 'utf8')) as {
    contributes: {
      configuration: { properties: Record<string, { default: unknown; description?: string; markdownDescription?: string }> };
    };
  }
).contributes.configuration.properties;
const source = (values: Record<string, unknown>) => ({ get: <T>(key: string) => values[key] as T | undefined });

describe('settings', () => {
  it('matches contributes.configuration key for key, with the same defaults and a description each', () => {
    expect(Object.keys(contributed).sort()).toEqual(
      Object.keys(SETTINGS)
        .map((k) => `rlm.${k}`)
        .sort(),
    );
    for (const [key, entry] of Object.entries(SETTINGS)) {
      const declared = contributed[`rlm.${key}`];
      expect(declared.default ?? undefined, key).toEqual(entry.default);
      expect(declared.description ?? declared.markdownDescription, key).toBeTruthy();
    }
  });

  it('falls back to the defaults when nothing is set', () => {
    expect(readSettings(source({}))).toEqual({
      modelProvider: 'auto',
      baseUrl: '',
      model: '',
      subModel: '',
      concurrency: 8,
      maxDepth: 2,
      maxIterations: 20,
      maxSubCalls: 300,
      maxCostUsd: undefined,
      contextWindow: undefined,
      include: [],
      exclude: [],
      allowSecretFiles: false,
      redactSecrets: true,
      sandboxEngine: 'auto',
      cache: true,
    });
  });

  it('keeps valid values and replaces values of the wrong type or range by the default', () => {
    const s = readSettings(
      source({
        modelProvider: 'copilot',
        model: ' gpt-4.1 ',
        concurrency: 0,
        maxDepth: 1.5,
        maxCostUsd: 0.5,
        exclude: ['vendor/**', 3, ' '],
        sandboxEngine: 'v8',
        cache: 'no',
      }),
    );
    expect(s).toMatchObject({
      modelProvider: 'copilot',
      model: 'gpt-4.1',
      concurrency: 8,
      maxDepth: 2,
      maxCostUsd: 0.5,
      exclude: ['vendor/**'],
      sandboxEngine: 'auto',
      cache: true,
    });
    expect(readSettings(source({ maxCostUsd: null })).maxCostUsd).toBeUndefined();
    expect(readSettings(source({ contextWindow: 131_072 })).contextWindow).toBe(131_072);
    expect(readSettings(source({ contextWindow: 100 })).contextWindow).toBeUndefined();
  });
});

describe('withFilesExclude', () => {
  it("adds VS Code's files.exclude globs that are on", () => {
    const base = readSettings(source({}));
    const merged = withFilesExclude(
      { ...base, exclude: ['vendor/**'] },
      { '**/.git': true, '**/*.log': false, '**/when': { when: '$(basename).ts' } },
    );
    expect(merged.exclude).toEqual(['vendor/**', '**/.git']);
    expect(withFilesExclude(base, undefined)).toBe(base);
  });
});
