// A run that never gets a model answer, in the real extension: the scripted server answers 401,
// the panel shows Failed once — one card worded for VS Code, no error toast, no repeat in the
// answer or the tree — with a Set API Key button that opens the key box; the key then reaches
// the server and the next question is answered.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fillInputBox, notification, quickInput, runCommand, screenshot } from './browser';
import { httpError } from '../support/scriptedModelServer';
import { byTestId, js, keepEvidenceOnFailure, panel, startRlmSession, waitForStatus, type RlmSession } from './rlmE2e';

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
});
