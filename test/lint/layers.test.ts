// The layer rules of DESIGN.md are lint rules; this pins that they catch a violation.
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: resolve(__dirname, '../..') });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(__dirname, '../..', file) });
  return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it('only src/vscode may import vscode', async () => {
    const code = "import * as vscode from 'vscode';\nexport const v = vscode;\n";
    expect(await restrictedImports('src/sandbox/example.ts', code)).toEqual([expect.stringMatching(/Only src\/vscode\//)]);
    expect(await restrictedImports('src/workspace/example.ts', code)).toHaveLength(1);
    expect(await restrictedImports('src/vscode/example.ts', code)).toEqual([]);
  });

  it('the engine uses no Node built-ins', async () => {
    const code = "import { readFileSync } from 'node:fs';\nimport * as path from 'path';\nexport const f = [readFileSync, path];\n";
    expect(await restrictedImports('src/engine/example.ts', code)).toHaveLength(2);
    expect(await restrictedImports('src/workspace/example.ts', code)).toEqual([]);
  });
});
