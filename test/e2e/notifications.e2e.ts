// The real extension from its VSIX, on what a run leaves outside the panel. The session starts
// with "rlm.baseUrl" on a closed port: the failure card's Open rlm.baseUrl button opens the
// Settings editor on that one setting, where the test types the scripted server's address. Then
// a server error the failure card's Retry gets past; a run that ends while the panel is hidden
// raises one notice whose Open shows that run; and a failed run's notice is gone once the next run
// starts (closed: not faded into the notification center, as a message VS Code cannot close is).
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fillInputBox, notification, runCommand, screenshot } from './browser';
import { Deferred } from '../engine/scheduler/fakeClock';
import { httpError, type Reply } from '../support/scriptedModelServer';
import { byTestId, js, keepEvidenceOnFailure, panel, startRlmSession, waitForStatus, type RlmSession } from './rlmE2e';

/** A base URL nothing listens on: a port the system handed out and took back. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

const answer = (words: string) => js(`FINAL(${JSON.stringify(words)})`);

describe('what a run leaves outside the panel (setting, retry, notices)', () => {
  let session: RlmSession | undefined;

  beforeAll(async () => {
    session = await startRlmSession({ 'rlm.baseUrl': await closedPortUrl() });
  });

  afterAll(async () => {
    await session?.close();
  });

  /** Asks from the palette. */
  async function ask(question: string): Promise<void> {
    await runCommand(session!.page, 'Ask RLM about workspace');
    await fillInputBox(session!.page, question);
  }

  /** Shows the Explorer in the side bar, so the Ask RLM panel is hidden. */
  async function hidePanel(): Promise<void> {
    const { page } = session!;
    await runCommand(page, 'View: Show Explorer');
    await page.locator('.explorer-folders-view').first().waitFor({ state: 'visible', timeout: 15_000 });
  }

  /**
   * Asks `question` and hides the panel while its run waits at the server, then lets `reply`
   * through: the run ends unseen. Returns its notice (`said`), once it is the only one.
   */
  async function endWhileHidden(question: string, reply: Reply | string, said: string): Promise<Locator> {
    const s = session!;
    const release = new Deferred();
    s.setPolicy(async () => {
      await release.promise;
      return reply;
    });
    await ask(question);
    await waitForStatus(panel(s.page), 'Running…', 60_000);
    await hidePanel();
    release.resolve();
    const notice = notification(s.page, `${said} “${question}”`);
    await notice.waitFor({ state: 'visible', timeout: 120_000 });
    // Once the run's own progress notification has closed, the notice is the only one.
    await expect.poll(() => notification(s.page, 'RLM').count(), { timeout: 15_000 }).toBe(1);
    return notice;
  }

  test('unreachable rlm.baseUrl: Open rlm.baseUrl shows the Settings editor on that setting alone', async () => {
    keepEvidenceOnFailure(() => session, 'notifications-setting');
    const s = session!;
    const { page } = s;
    await ask('Where is add defined?');
    const frame = panel(page);
    await waitForStatus(frame, 'Failed', 120_000);
    const fix = byTestId(frame, 'fix-failure');
    await expect.poll(() => fix.textContent()).toBe('Open rlm.baseUrl');
    // With the panel on screen the card is the one place the failure shows: no toast.
    expect(await notification(page, /RLM|rlm\.baseUrl|refused/).count()).toBe(0);

    await fix.click();
    const editor = page.locator('.settings-editor');
    await editor.waitFor({ state: 'visible', timeout: 30_000 });
    const search = editor.locator('.settings-header .suggest-input-container .view-line');
    await expect.poll(() => search.textContent(), { timeout: 15_000 }).toMatch(/rlm\.baseUrl$/);
    const shown = editor.locator('.settings-tree-container .setting-item-contents');
    await expect.poll(() => shown.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => shown.locator('.setting-item-title').textContent()).toMatch(/^Rlm: Base Url/);
    await screenshot(page, 'notifications-open-setting');

    // Fix it where the button led, and wait until VS Code has written it.
    await shown.locator('input').fill(s.model.baseURL);
    const settingsFile = join(s.server.userDataDir, 'User/settings.json');
    await expect
      .poll(() => (JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>)['rlm.baseUrl'], { timeout: 15_000 })
      .toBe(s.model.baseURL);
  }, 240_000);

  test('a server error, then Retry on the failure card: the same question is answered', async () => {
    keepEvidenceOnFailure(() => session, 'notifications-retry');
    const s = session!;
    const { page } = s;
    s.setPolicy(() => httpError(500, 'The server had an error while processing your request'));
    await ask('Where is multiply defined?');
    const frame = panel(page);
    await expect.poll(() => byTestId(frame, 'run-question').textContent(), { timeout: 30_000 }).toContain('Where is multiply defined?');
    await waitForStatus(frame, 'Failed', 120_000);
    const fix = byTestId(frame, 'fix-failure');
    await expect.poll(() => fix.textContent()).toBe('Retry');
    expect(s.served().length).toBeGreaterThan(0);

    s.setPolicy(() => answer('multiply is defined in src/util/math.ts.'));
    await fix.click();
    await waitForStatus(frame, 'Done', 120_000);
    expect(await byTestId(frame, 'answer').textContent()).toContain('multiply is defined in src/util/math.ts.');
    expect(s.served().some((r) => JSON.stringify(r.messages).includes('Where is multiply defined?'))).toBe(true);
    expect(await byTestId(frame, 'failure').count()).toBe(0);
  }, 240_000);

  test('a run that ends with the panel hidden raises one notice; its Open shows that run', async () => {
    keepEvidenceOnFailure(() => session, 'notifications-hidden');
    const { page } = session!;
    const frame = panel(page);
    const notice = await endWhileHidden('Where are the string helpers?', answer('strings live in src/util/strings.ts.'), 'RLM answered');
    await screenshot(page, 'notifications-run-ended');

    await notice.locator('a', { hasText: /^Open$/ }).click();
    await waitForStatus(frame, 'Done');
    await expect.poll(() => byTestId(frame, 'run-question').textContent()).toContain('Where are the string helpers?');
    expect(await byTestId(frame, 'answer').textContent()).toContain('strings live in src/util/strings.ts.');
    await notice.waitFor({ state: 'detached', timeout: 15_000 });
  }, 240_000);

  test('the notice of a failed run is gone once the next run starts, from the toasts and the notification center', async () => {
    keepEvidenceOnFailure(() => session, 'notifications-next-run');
    const s = session!;
    const { page } = s;
    const frame = panel(page);
    const serverError = httpError(500, 'The server had an error while processing your request');
    const notice = await endWhileHidden('Is there an add function?', serverError, 'RLM could not answer');

    const second = new Deferred();
    s.setPolicy(async () => {
      await second.promise;
      return answer('subtract is not defined anywhere.');
    });
    await ask('Is there a subtract function?');
    // Gone while the next run is still going, not when it ends.
    await notification(page, 'RLM: Is there a subtract function?').waitFor({ state: 'visible', timeout: 30_000 });
    await notice.waitFor({ state: 'detached', timeout: 30_000 });
    await waitForStatus(frame, 'Running…', 60_000);
    // Closed, not faded into the notification center (where a message VS Code cannot close would go).
    await runCommand(page, 'Notifications: Show Notifications');
    const center = page.locator('.notifications-center');
    await center.waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'notifications-center-after-next-run');
    expect(await center.locator('.notification-list-item', { hasText: 'Is there an add function?' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    second.resolve();
    await waitForStatus(frame, 'Done', 120_000);
    expect(await byTestId(frame, 'answer').textContent()).toContain('subtract is not defined anywhere.');
  }, 240_000);
});
