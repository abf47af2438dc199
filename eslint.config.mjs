// Lint: typescript-eslint's recommended rules plus the layer rules of DESIGN.md, so a file's
// folder decides what it may import.
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'Only src/vscode/ may import the vscode module (DESIGN.md, Layers).' };
const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'worker_threads', 'net', 'http', 'https', 'readline', 'url', 'util', 'stream'];

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
            { group: nodeBuiltins, message: 'engine/ must not use Node built-ins; take them as injected interfaces (DESIGN.md, Layers).' },
            { group: ['../../cli/*', '../../vscode/*', '../cli/*', '../vscode/*'], message: 'engine/ must not depend on the surfaces.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/webview/**/*.ts', 'src/protocol/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [noVscode], patterns: [{ group: nodeBuiltins, message: 'Runs in the browser: no Node built-ins.' }] }],
    },
  },
);
