// The `ask_rlm` language-model tool as an agent calls it: the test-only helper extension runs
// `vscode.lm.invokeTool('ask_rlm', …)` from a palette command (outside a chat request, so VS Code
// asks the user in a dialog), the user confirms, the real extension runs the RLM against the
// scripted OpenAI-compatible server, and the helper records the result the calling model gets.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import { makeWorkspace, type TestWorkspace } from '../fixtures/makeWorkspace';
import { httpError, startScriptedModelServer, type ScriptedModelServer, type ServedRequest } from '../support/scriptedModelServer';
import { artifactsDir, fillInputBox, launchBrowser, openFolder, runCommand, screenshot, type Browser } from './browser';
import { buildChatHelperVsix, chatHelper, type ToolInvocationRecord } from './chatHelper/chatHelperExtension';
import { startCodeServer, type CodeServer } from './codeServer';
import { ensureVsix, firstUser, js, kindOf, turnOf } from './rlmE2e';

const QUESTION = 'Where is multiply defined?';

describe('the ask_rlm language-model tool, invoked through vscode.lm.invokeTool', () => {
  let tmp: string;
  let workspace: TestWorkspace;
  let model: ScriptedModelServer;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const resultFile = () => join(tmp, 'tool-result.json');
  /** Set by the failure test: the server refuses every request. */
  let refuse: ((request: ServedRequest) => ReturnType<typeof httpError>) | undefined;
  /** Set by the busy test: a question starting "Slowly:" waits at the server until it settles. */
  let gate: Promise<void> | undefined;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'rlm-e2e-lmtool-'));
    model = await startScriptedModelServer(async (request) => {
      if (firstUser(request).includes('Slowly:')) {
        await gate;
        return js('FINAL("released")');
      }
      if (refuse) return refuse(request);
      if (kindOf(request) !== 'root' || turnOf(request) > 1) return js('FINAL("unexpected call")');
      return js(
        [
          'const line = read("src/util/math.ts").split("\\n").findIndex((l) => l.includes("function multiply")) + 1;',
          'FINAL(`multiply is defined in src/util/math.ts:${line}`);',
        ].join('\n'),
      );
    });
    workspace = makeWorkspace('basic');
    server = await startCodeServer({
      vsix: [ensureVsix(), buildChatHelperVsix(tmp)],
      enableProposedApi: [chatHelper.id],
      settings: {
        'rlm.modelProvider': 'openai-compatible',
        'rlm.baseUrl': model.baseURL,
        'rlm.model': 'scripted-root',
        'rlm.cache': false,
        'files.exclude': {},
      },
      env: { RLM_E2E_TOOL_INPUT: JSON.stringify({ name: 'ask_rlm', input: { question: QUESTION } }), RLM_E2E_TOOL_RESULT: resultFile() },
    });
    browser = await launchBrowser();
    await openFolder(browser.page, server.url, workspace.root);
  });

  /** Runs the helper's invoke-tool command, says Yes in the confirmation and reads what the call returned. */
  async function invokeConfirmed(page: Page): Promise<ToolInvocationRecord> {
    rmSync(resultFile(), { force: true });
    await runCommand(page, chatHelper.invokeToolTitle);
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Yes' }).click();
    await expect.poll(() => existsSync(resultFile()), { timeout: 60_000 }).toBe(true);
    return JSON.parse(readFileSync(resultFile(), 'utf8')) as ToolInvocationRecord;
  }

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await model.close();
    workspace.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('asks for confirmation, then answers from the scripted model with citations to the files on disk', async () => {
    const page: Page = browser!.page;
    onTestFailed(async () => {
      await screenshot(page, 'lm-tool-failed').catch(() => undefined);
      server?.collectLogs(join(artifactsDir, 'lm-tool-logs'));
    });
    rmSync(resultFile(), { force: true });
    await runCommand(page, chatHelper.invokeToolTitle);

    // Outside a chat request VS Code shows the tool's confirmation as a dialog.
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    await expect.poll(() => dialog.locator('.dialog-message-text').textContent()).toBe('Ask RLM');
    const detail = (await dialog.locator('.dialog-message-detail').textContent()) ?? '';
    expect(detail).toContain('Explore the workspace with a Recursive Language Model to answer:');
    expect(detail).toContain(QUESTION);
    expect(model.requests).toHaveLength(0); // nothing runs before the user agrees
    await screenshot(page, 'lm-tool-confirmation');
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Yes' }).click();

    await expect.poll(() => existsSync(resultFile()), { timeout: 60_000 }).toBe(true);
    const record = JSON.parse(readFileSync(resultFile(), 'utf8')) as ToolInvocationRecord;
    expect(record.error).toBeUndefined();
    expect(record.tool).toMatchObject({ name: 'ask_rlm', tags: ['codebase', 'search', 'rlm'], inputSchema: { required: ['question'] } });
    const text = record.text!.join('\n');
    expect(text).toContain('multiply is defined in src/util/math.ts:5');
    expect(text).toContain(
      `Citations (workspace path → file on disk):\n- src/util/math.ts:5 → ${join(workspace.root, 'src/util/math.ts')}:5`,
    );
    expect(text).toMatch(/Files the run read:\n- src\/util\/math\.ts:1-\d+/);
    expect(text).not.toContain('Partial answer');
    expect(model.requests.map((r) => [kindOf(r), r.model])).toEqual([['root', 'scripted-root']]);
  });

  test('a run the server refuses (401) fails the tool call with what failed and the command the user must run', async () => {
    const page: Page = browser!.page;
    onTestFailed(async () => {
      await screenshot(page, 'lm-tool-401-failed').catch(() => undefined);
      server?.collectLogs(join(artifactsDir, 'lm-tool-401-logs'));
    });
    refuse = () => httpError(401, 'Incorrect API key provided');
    const before = model.requests.length;
    const record = await invokeConfirmed(page);
    expect(record.text).toBeUndefined();
    expect(record.error).toMatch(
      /^The ask_rlm run failed: http:\/\/127\.0\.0\.1:\d+\/v1 needs an API key and none was set \(401\): Incorrect API key provided\. Set its API key\. Only the user can fix this: ask them to run "RLM: Set API Key for OpenAI-compatible Model" from the Command Palette\./,
    );
    expect(record.error!.match(/Incorrect API key provided/g)).toHaveLength(1);
    expect(record.error).not.toMatch(/--api-key|OPENAI_API_KEY|\.\./);
    expect(model.requests.length).toBeGreaterThan(before);
  });

  test('a call while a palette question runs is refused, naming it, and nothing of it reaches the server', async () => {
    const page: Page = browser!.page;
    onTestFailed(async () => {
      await screenshot(page, 'lm-tool-busy-failed').catch(() => undefined);
      server?.collectLogs(join(artifactsDir, 'lm-tool-busy-logs'));
    });
    refuse = undefined;
    let release!: () => void;
    gate = new Promise<void>((resolve) => (release = resolve));
    try {
      const running = 'Slowly: where is add defined?';
      await runCommand(page, 'Ask RLM about workspace');
      await fillInputBox(page, running);
      await expect.poll(() => model.inFlight, { timeout: 60_000 }).toBe(1);
      const before = model.requests.length;

      const record = await invokeConfirmed(page);
      expect(record.error).toBeUndefined();
      expect(record.text!.join('\n')).toBe(
        `ask_rlm did not run: Ask RLM answers one question at a time and is still answering “${running}”. Call ask_rlm again once that run has finished, or ask the user whether to cancel it ("RLM: Cancel Running Question" in the Command Palette, or Cancel in the RLM panel).`,
      );
      // Refused before anything ran: the server saw nothing of the tool's question.
      expect(model.requests.length).toBe(before);
      expect(model.inFlight).toBe(1);

      await runCommand(page, 'RLM: Cancel Running Question');
      await expect.poll(() => model.inFlight).toBe(0);
    } finally {
      release();
    }
  });
});
