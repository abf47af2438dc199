// The layer rules of docs/ARCHITECTURE.md are lint rules; this plants one violation of each and
// expects lint to catch it, and checks that the imports each layer needs stay allowed.
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: repo });
const LAYER_RULES = new Set(['@typescript-eslint/no-restricted-imports', 'local/layers']);

/** The layer errors lint reports for `code` as if it were the file `file`. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(repo, file) });
  return result.messages.filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId)).map((m) => m.message);
}

const importing = (specifier: string) => `import * as m from '${specifier}';\nexport const used = m;\n`;

describe('layer rules', () => {
  it('only src/vscode may import vscode (the host included)', async () => {
    const code = importing('vscode');
    expect(await layerErrors('src/sandbox/example.ts', code)).toEqual([expect.stringMatching(/Only src\/vscode\//)]);
    expect(await layerErrors('src/workspace/example.ts', code)).toHaveLength(1);
    expect(await layerErrors('src/host/example.ts', code)).toEqual([expect.stringMatching(/Only src\/vscode\//)]);
    expect(await layerErrors('src/vscode/example.ts', code)).toEqual([]);
  });

  it('the engine uses no Node built-ins', async () => {
    const code = "import { readFileSync } from 'node:fs';\nimport * as path from 'path';\nexport const f = [readFileSync, path];\n";
    expect(await layerErrors('src/engine/example.ts', code)).toHaveLength(2);
    expect(await layerErrors('src/engine/repl/example.ts', importing('node:os'))).toEqual([
      expect.stringMatching(/engine\/ must not use Node built-ins/),
    ]);
    expect(await layerErrors('src/workspace/example.ts', code)).toEqual([]);
  });

  it('the engine imports no surface and not the host', async () => {
    expect(await layerErrors('src/engine/example.ts', importing('../cli/main.js'))).toEqual([
      expect.stringMatching(/^src\/engine\/ must not import src\/cli\//),
    ]);
    expect(await layerErrors('src/engine/repl/example.ts', importing('../../vscode/services.js'))).toEqual([
      expect.stringMatching(/^src\/engine\/ must not import src\/vscode\//),
    ]);
    expect(await layerErrors('src/engine/example.ts', importing('../host/workspace.js'))).toEqual([
      expect.stringMatching(/^src\/engine\/ must not import src\/host\//),
    ]);
    expect(await layerErrors('src/engine/example.ts', importing('../bundledFile.js'))).toEqual([
      expect.stringMatching(/^src\/engine\/ must not import src\/\*\.ts/),
    ]);
  });

  it('llm, workspace, sandbox and symbols never import the engine', async () => {
    for (const file of ['src/llm/example.ts', 'src/workspace/example.ts', 'src/sandbox/example.ts', 'src/symbols/example.ts']) {
      expect(await layerErrors(file, importing('../engine/engineContext.js')), file).toEqual([
        expect.stringMatching(/must not import src\/engine\/ \("\.\.\/engine\/engineContext\.js"\)/),
      ]);
    }
    expect(await layerErrors('src/sandbox/quickjs/example.ts', importing('../../engine/budget.js'))).toHaveLength(1);
    expect(await layerErrors('src/sandbox/example.ts', importing('../cli/exec.js'))).toEqual([
      expect.stringMatching(/^src\/sandbox\/ must not import src\/cli\//),
    ]);
  });

  it('the webview imports only protocol and the shared pure folder', async () => {
    expect(await layerErrors('src/webview/example.ts', importing('../engine/budget.js'))).toEqual([
      expect.stringMatching(/^src\/webview\/ must not import src\/engine\/.*it may import src\/protocol\/, src\/common\//),
    ]);
    expect(await layerErrors('src/webview/example.ts', importing('../vscode/panel/panelMessages.js'))).toHaveLength(1);
    expect(await layerErrors('src/webview/example.ts', importing('../protocol/messages.js'))).toEqual([]);
    expect(await layerErrors('src/webview/example.ts', importing('../common/answerMarkdown.js'))).toEqual([]);
    expect(await layerErrors('src/common/example.ts', importing('node:path'))).toHaveLength(1);
  });

  it('the surfaces never import each other', async () => {
    expect(await layerErrors('src/cli/example.ts', importing('../vscode/settings.js'))).toEqual([
      expect.stringMatching(/^src\/cli\/ must not import src\/vscode\//),
    ]);
    expect(await layerErrors('src/vscode/runs/example.ts', importing('../../cli/session.js'))).toEqual([
      expect.stringMatching(/^src\/vscode\/ must not import src\/cli\//),
    ]);
    expect(await layerErrors('src/vscode/runs/example.ts', importing('../../host/workspace.js'))).toEqual([]);
  });

  it('the host imports no surface', async () => {
    expect(await layerErrors('src/host/example.ts', importing('../cli/session.js'))).toEqual([
      expect.stringMatching(/^src\/host\/ must not import src\/cli\//),
    ]);
    expect(await layerErrors('src/host/example.ts', importing('../vscode/runs/runService.js'))).toEqual([
      expect.stringMatching(/^src\/host\/ must not import src\/vscode\//),
    ]);
    expect(await layerErrors('src/host/example.ts', importing('../engine/engine.js'))).toEqual([]);
  });

  it('nothing in src imports test code', async () => {
    expect(await layerErrors('src/engine/example.ts', importing('../../test/support/scriptedModel.js'))).toEqual([
      expect.stringMatching(/^src\/ must not import test code/),
    ]);
    expect(
      await layerErrors('src/vscode/example.ts', "export async function load() {\n  return import('../../test/e2e/rlmE2e.js');\n}\n"),
    ).toHaveLength(1);
    expect(await layerErrors('test/engine/example.ts', importing('../../src/engine/engine.js'))).toEqual([]);
  });

  it('a new folder in src must be given its place in the table', async () => {
    expect(await layerErrors('src/newthing/example.ts', 'export const x = 1;\n')).toEqual([
      expect.stringMatching(/^src\/newthing\/ is not in the layer table/),
    ]);
  });

  it('the imports each layer needs stay allowed', async () => {
    expect(await layerErrors('src/engine/example.ts', importing('../workspace/fileTree.js'))).toEqual([]);
    expect(await layerErrors('src/symbols/example.ts', importing('../workspace/languages.js'))).toEqual([]);
    expect(await layerErrors('src/cli/example.ts', importing('../host/workspace.js'))).toEqual([]);
    expect(await layerErrors('src/llm/example.ts', "export type { Completion } from './types.js';\n")).toEqual([]);
  });
});
