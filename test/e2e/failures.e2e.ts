// A run that never gets a model answer, in the real extension: the scripted server answers 401,
// the panel shows Failed once — one card worded for VS Code, no error toast, no repeat in the
// answer or the tree — with a Set API Key button that opens the key box; the key then reaches
// the server and the next question is answered. The same run opened in an editor tab shows the
// same card with the same button, and Set API Key works from there too.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fillInputBox, notification, quickInput, runCommand, screenshot } from './browser';
import { httpError } from '../support/scriptedModelServer';
import {
  byTestId,
  editorView,
  js,
  keepEvidenceOnFailure,
  panel,
  sidebarView,
  startRlmSession,
  waitForStatus,
  type RlmSession,
} from './rlmE2e';

describe('a failed run (401 → Failed once → Set API Key)', () => {
  let session: RlmSession | undefined;

  beforeAll(async () => {
    session = await startRlmSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  test('the panel shows Failed once with Set API Key; the key it stores reaches the server', async () => {
    keepEvidenceOnFailure(() => session, 'failures');
    const s = session!;
    const { page } = s;
    s.setPolicy(() => httpError(401, 'Incorrect API key provided'));
    await runCommand(page, 'Ask RLM about workspace');
    await fillInputBox(page, 'Where is add defined?');
    const frame = panel(page);
    await waitForStatus(frame, 'Failed');

    const card = byTestId(frame, 'failure');
    await expect
      .poll(() => card.textContent())
      .toMatch(/needs an API key and none was set \(401\): Incorrect API key provided\. Set its API key\.Set API Key$/);
    // Once: not in a banner and the body and the tree; no CLI wording; no doubled stop.
    const panelText = (await frame.locator('body').textContent()) ?? '';
    expect(panelText.match(/Incorrect API key provided/g)).toHaveLength(1);
    expect(panelText).not.toMatch(/--api-key|OPENAI_API_KEY|\.\./);
    expect(await byTestId(frame, 'answer').locator('.markdown').count()).toBe(0);
    expect(await notification(page, /Incorrect API key/).count()).toBe(0);
    await expect
      .poll(() => frame.locator('.history-item', { hasText: 'Where is add defined?' }).locator('.history-meta').textContent())
      .toMatch(/^Failed · /);
    await screenshot(page, 'failure-401');

    await byTestId(frame, 'fix-failure').click();
    await quickInput(page)
      .locator('.quick-input-title', { hasText: 'API key for the OpenAI-compatible server' })
      .waitFor({ timeout: 15_000 });
    await fillInputBox(page, 'sk-e2e-test');
    await notification(page, 'RLM: API key saved.').waitFor({ timeout: 15_000 });

    s.setPolicy((request) =>
      request.headers.authorization === 'Bearer sk-e2e-test' ? js('FINAL("add is in src/util/math.ts:1")') : httpError(401, 'Still no key'),
    );
    await runCommand(page, 'Ask RLM about workspace');
    await fillInputBox(page, 'Where is add?');
    await waitForStatus(frame, 'Done');
    expect(await byTestId(frame, 'failure').count()).toBe(0);
    expect(await byTestId(frame, 'answer').textContent()).toContain('add is in src/util/math.ts:1');
  });

  test('the run opened in an editor tab shows the same card and button; Set API Key works from there', async () => {
    keepEvidenceOnFailure(() => session, 'failures-editor');
    const s = session!;
    const { page } = s;
    // The server now refuses the key the first test stored.
    s.setPolicy((request) =>
      request.headers.authorization === 'Bearer sk-e2e-editor'
        ? js('FINAL("add is in src/util/math.ts:1")')
        : httpError(401, 'Incorrect API key provided'),
    );
    await runCommand(page, 'Ask RLM about workspace');
    await fillInputBox(page, 'Which file defines add?');
    const side = sidebarView(page);
    await waitForStatus(side, 'Failed');
    await byTestId(side, 'open-in-editor').click();
    await page
      .locator('.tabs-container .tab.active', { hasText: 'RLM: Which file defines add?' })
      .waitFor({ state: 'visible', timeout: 15_000 });

    const editor = editorView(page);
    await waitForStatus(editor, 'Failed');
    const cards = byTestId(editor, 'failure');
    await expect.poll(() => cards.count()).toBe(1);
    expect(await cards.textContent()).toMatch(
      /refused the API key \(401\): Incorrect API key provided\. Set a key this server accepts\.Set API Key$/,
    );
    const editorText = (await editor.locator('body').textContent()) ?? '';
    expect(editorText.match(/Incorrect API key provided/g)).toHaveLength(1);
    expect(editorText).not.toMatch(/--api-key|OPENAI_API_KEY|The run failed/);
    await screenshot(page, 'failure-401-editor');

    const fix = byTestId(editor, 'fix-failure');
    expect(await fix.textContent()).toBe('Set API Key');
    // The first test's "API key saved." may still be up: clear it, so the one awaited below is this key's.
    await runCommand(page, 'Notifications: Clear All Notifications');
    await expect.poll(() => notification(page, 'RLM: API key saved.').count()).toBe(0);
    await fix.click();
    await quickInput(page)
      .locator('.quick-input-title', { hasText: 'API key for the OpenAI-compatible server' })
      .waitFor({ timeout: 15_000 });
    await fillInputBox(page, 'sk-e2e-editor');
    await notification(page, 'RLM: API key saved.').waitFor({ timeout: 15_000 });

    await runCommand(page, 'Ask RLM about workspace');
    await fillInputBox(page, 'Where is add, then?');
    await waitForStatus(side, 'Done');
    expect(await byTestId(side, 'answer').textContent()).toContain('add is in src/util/math.ts:1');
    expect(s.model.requests.at(-1)?.headers.authorization).toBe('Bearer sk-e2e-editor');
  });
});
