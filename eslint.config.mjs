// Lint: typescript-eslint's recommended rules plus the layer rules of docs/ARCHITECTURE.md, so a
// file's folder decides what it may import: which folders (local/layers, table in
// eslint.layers.mjs), and where `vscode` and Node built-ins may appear (the blocks below).
// test/lint/layers.test.ts plants a violation of each rule.
import tseslint from 'typescript-eslint';
import { layersRule } from './eslint.layers.mjs';

const noVscode = { name: 'vscode', message: 'Only src/vscode/ may import the vscode module (docs/ARCHITECTURE.md, Layers).' };
const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'worker_threads',
  'net',
  'http',
  'https',
  'readline',
  'url',
  'util',
  'stream',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // VS Code loads in-host test suites with require(), and `node --require` preloads: CommonJS.
    files: ['test/electron/**/*.cjs', 'test/support/**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { local: { rules: { layers: layersRule } } },
    rules: { 'local/layers': 'error' },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/vscode/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    // The engine runs in any JS runtime: no Node built-ins, no vscode; other layers reach it only through interfaces.
    files: ['src/engine/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            {
              group: nodeBuiltins,
              message: 'engine/ must not use Node built-ins; take them as injected interfaces (docs/ARCHITECTURE.md, Layers).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/webview/**/*.ts', 'src/protocol/**/*.ts', 'src/common/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [noVscode], patterns: [{ group: nodeBuiltins, message: 'Runs in the browser: no Node built-ins.' }] },
      ],
    },
  },
);
