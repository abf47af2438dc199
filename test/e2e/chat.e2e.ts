// The real extension from its VSIX, asked in the chat: `@rlm <question>` reaches the real
// participant (a test-only helper extension supplies code-server's missing default chat agent and
// a fake chat model through proposed APIs), the RLM runs against the scripted OpenAI-compatible
// server (rlm.modelProvider "openai-compatible", so the chat's fake model is not the root model),
// and the response shows the answer, the files the run read as references, and a
// "Show call tree" button that opens the side panel on that run's tree. A question in the chat
// while a palette question runs is refused, as the panel refuses it, with a button that cancels it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeWorkspace, type TestWorkspace } from '../fixtures/makeWorkspace';
import { startScriptedModelServer, type ScriptedModelServer } from '../support/scriptedModelServer';
import { fillInputBox, launchBrowser, openFolder, runCommand, screenshot, type Browser } from './browser';
import { buildChatHelperVsix, chatHelper } from './chatHelper/chatHelperExtension';
import { startCodeServer, type CodeServer } from './codeServer';
import { byTestId, ensureVsix, expandTree, firstUser, js, keepEvidenceOnFailure, kindOf, panel, turnOf, waitForStatus } from './rlmE2e';

const QUESTION = 'Where is multiply defined?';
const ANSWER = 'multiply is defined in src/util/math.ts:5';
/** A question that starts with this waits at the server until the test opens the gate. */
const HELD = 'Slowly:';
let gate: Promise<void> | undefined;

interface ChatSession {
  workspace: TestWorkspace;
  model: ScriptedModelServer;
  server: CodeServer;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** The real VSIX and the chat helper in code-server, RLM settings pointing at a scripted server that reads math.ts and cites it. */
async function startChatSession(provider: 'openai-compatible' | 'auto'): Promise<ChatSession> {
  const tmp = mkdtempSync(join(tmpdir(), 'rlm-e2e-chat-'));
  const helperVsix = buildChatHelperVsix(tmp);
  const vsix = ensureVsix();
  const model = await startScriptedModelServer(async (request) => {
    if (kindOf(request) !== 'root') return 'unexpected sub-call';
    if (firstUser(request).includes(HELD)) {
      await gate;
      return js('FINAL("released")');
    }
    if (turnOf(request) > 1) return js('FINAL("unexpected second turn")');
    return js(
      [
        'const text = read("src/util/math.ts");',
        'const line = text.split("\\n").findIndex((l) => l.includes("function multiply")) + 1;',
        'FINAL(`multiply is defined in src/util/math.ts:${line}`);',
      ].join('\n'),
    );
  });
  const workspace = makeWorkspace('basic');
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await server?.stop();
    await model.close();
    workspace.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    server = await startCodeServer({
      vsix: [vsix, helperVsix],
      enableProposedApi: [chatHelper.id],
      settings: {
        'rlm.modelProvider': provider,
        'rlm.baseUrl': model.baseURL,
        'rlm.model': 'scripted-root',
        'rlm.subModel': 'scripted-sub',
        'rlm.cache': false,
        'files.exclude': {},
      },
    });
    browser = await launchBrowser();
    await openFolder(browser.page, server.url, workspace.root);
    return { workspace, model, server, browser, page: browser.page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Opens the chat, sends `@rlm <question>` and returns the response item once it shows the call-tree button. */
async function askRlm(page: Page, question: string): Promise<Locator> {
  const response = await sendRlm(page, question);
  await response.locator('.monaco-button', { hasText: 'Show call tree' }).waitFor({ state: 'visible', timeout: 60_000 });
  return response;
}

/** Opens the chat, sends `@rlm <question>` and returns the response item once the request shows. */
async function sendRlm(page: Page, question: string): Promise<Locator> {
  await runCommand(page, 'Chat: Open Chat in Editor');
  const input = page.locator('.interactive-input-part .interactive-input-editor');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.click();
  await page.keyboard.type(`@rlm ${question}`);
  await page.keyboard.press('Enter');
  // Under load the chat may not take the first Enter (the text stays in the box): press it again until it does.
  await expect
    .poll(
      async () => {
        if ((await input.textContent())?.includes(question)) await page.keyboard.press('Enter');
        return page.locator('.interactive-item-container.interactive-request').last().textContent();
      },
      { timeout: 30_000, interval: 2_000 },
    )
    .toContain(question);
  return page.locator('.interactive-item-container.interactive-response').last();
}

describe('@rlm in the chat (default agent and model from the test-only helper)', () => {
  let session: ChatSession | undefined;

  beforeAll(async () => {
    session = await startChatSession('openai-compatible');
  });

  afterAll(async () => {
    await session?.close();
  });

  test('@rlm answers with references and a "Show call tree" button that opens the tree', async () => {
    keepEvidenceOnFailure(() => session, 'chat');
    const { page, model } = session!;
    const started = Date.now();
    const response = await askRlm(page, QUESTION);
    await expect.poll(() => response.textContent()).toContain(ANSWER);
    const chatMs = Date.now() - started;
    // The request went to the real participant and the RLM ran against the scripted server.
    expect(model.requests.filter((r) => kindOf(r) === 'root')).toHaveLength(1);

    // The citation in the answer is a link.
    await response.locator('a', { hasText: 'src/util/math.ts:5' }).waitFor({ state: 'visible' });
    // References: the file the run read, listed once expanded.
    const references = response.locator('.chat-used-context');
    await references.waitFor({ state: 'visible' });
    await expect.poll(() => references.locator('.chat-used-context-label').textContent()).toMatch(/Used 1 reference/);
    await references.getByRole('button', { name: /Used 1 reference/ }).click();
    await references.locator('.monaco-list-row', { hasText: 'math.ts' }).waitFor({ state: 'visible' });

    const button = response.locator('.monaco-button', { hasText: 'Show call tree' });
    await screenshot(page, 'chat');

    await button.click();
    const frame = panel(page);
    await waitForStatus(frame, 'Done');
    expect(await byTestId(frame, 'run-question').textContent()).toBe(QUESTION);
    await expect.poll(() => byTestId(frame, 'answer').textContent()).toContain(ANSWER);
    await expandTree(frame);
    await expect.poll(() => byTestId(frame, 'call-tree').textContent()).toContain('src/util/math.ts');
    await screenshot(page, 'chat-call-tree');
    console.log(`chat e2e: @rlm answer in ${chatMs} ms, total ${Date.now() - started} ms`);
  });

  test('@rlm while a palette question runs is refused, naming it, with a button that cancels it', async () => {
    keepEvidenceOnFailure(() => session, 'chat-busy');
    const { page, model } = session!;
    let release!: () => void;
    gate = new Promise<void>((resolve) => (release = resolve));
    try {
      const running = `${HELD} where is add defined?`;
      await runCommand(page, 'Ask RLM about workspace');
      await fillInputBox(page, running);
      await expect.poll(() => model.inFlight, { timeout: 60_000 }).toBe(1);

      // A fresh chat editor, as when the test runs alone: the one left open by the test before
      // goes first, so the page has one chat input (closing is not done when the command returns).
      await runCommand(page, 'View: Close All Editors');
      await expect.poll(() => page.locator('.editor-group-container .tabs-container .tab').count()).toBe(0);
      const response = await sendRlm(page, 'Where is subtract defined?');
      const refusal = `RLM is still answering “${running}”, and answers one question at a time.`;
      await expect.poll(() => response.textContent(), { timeout: 30_000 }).toContain(refusal);
      const cancel = response.locator('.monaco-button', { hasText: 'Cancel Running Question' });
      await cancel.waitFor({ state: 'visible' });
      // Refused before anything ran: the server never saw the chat's question.
      expect(model.requests.filter((r) => firstUser(r).includes('subtract'))).toHaveLength(0);
      await screenshot(page, 'chat-second-question-refused');

      await cancel.click();
      await waitForStatus(panel(page), 'Cancelled');
      await expect.poll(() => model.inFlight).toBe(0);
      expect(model.requests.filter((r) => firstUser(r).includes('subtract'))).toHaveLength(0);
    } finally {
      release();
    }
  });
});

describe('@rlm in the chat with rlm.modelProvider "auto"', () => {
  let session: ChatSession | undefined;

  beforeAll(async () => {
    session = await startChatSession('auto');
  });

  afterAll(async () => {
    await session?.close();
  });

  test("the model picked in the chat (the helper's fake model) is the root model", async () => {
    keepEvidenceOnFailure(() => session, 'chat-model');
    const { page, model } = session!;
    const started = Date.now();
    const response = await askRlm(page, 'Which model answers?');
    await expect.poll(() => response.textContent()).toContain(chatHelper.modelAnswer);
    // Nothing went to the OpenAI-compatible server.
    expect(model.requests).toHaveLength(0);
    await screenshot(page, 'chat-model');
    console.log(`chat e2e (chat model): answer in ${Date.now() - started} ms`);
  });
});
