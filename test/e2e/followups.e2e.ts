// Follow-ups in the panel of the real extension: a question from the palette keeps its findings
// in a REPL variable; "Ask follow-up" in the panel asks in the same conversation, and the
// follow-up's code reads that variable (its first message lists it by name and size). Re-run asks
// the shown question again in the same way, and Copy answer puts the answer's markdown on the
// clipboard. In the chat (the test-only helper supplies code-server's missing default agent), a
// second `@rlm` question in the same chat is a follow-up in the same REPL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fillInputBox, runCommand, screenshot } from './browser';
import { buildChatHelperVsix, chatHelper } from './chatHelper/chatHelperExtension';
import type { ServedRequest } from '../support/scriptedModelServer';
import { byTestId, firstUser, js, keepEvidenceOnFailure, kindOf, panel, startRlmSession, waitForStatus, type RlmSession } from './rlmE2e';

const FIRST = 'Which util files are there?';
const FOLLOW_UP = 'How many lines does each have?';

/** The first question keeps the files in `utilFiles`; a follow-up reuses it (or says it is gone). */
function policy(request: ServedRequest): string {
  if (kindOf(request) !== 'root') return 'unexpected sub-call';
  const opening = firstUser(request);
  if (opening.startsWith(`Question: ${FIRST}`)) {
    return js('const utilFiles = glob("src/util/*.ts");\nFINAL(`The util files: ${utilFiles.join(", ")} (see src/util/math.ts:1).`);');
  }
  if (!opening.includes('- utilFiles: array of 2')) return 'FINAL(utilFiles is not listed: the REPL was not kept.)';
  return (
    'The REPL still holds `utilFiles` from the previous question.\n\n' +
    js('FINAL(utilFiles.map((f) => `${f}: ${read(f).split("\\n").length} lines`).join("; "));')
  );
}

// One window for both: the chat helper (needed by the chat's test only) changes nothing in the panel.
let session: RlmSession | undefined;
const tmp = mkdtempSync(join(tmpdir(), 'rlm-e2e-followups-'));

beforeAll(async () => {
  session = await startRlmSession({}, { extensions: { vsix: [buildChatHelperVsix(tmp)], enableProposedApi: [chatHelper.id] } });
});

afterAll(async () => {
  await session?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('follow-ups in the panel', () => {
  test('Ask follow-up reuses a variable of the previous run; Re-run and Copy answer', async () => {
    keepEvidenceOnFailure(() => session, 'followups');
    const s = session!;
    const { page } = s;
    s.setPolicy(policy);

    await runCommand(page, 'Ask RLM about workspace');
    await fillInputBox(page, FIRST);
    const frame = panel(page);
    await waitForStatus(frame, 'Done');
    const answer = byTestId(frame, 'answer');
    await expect.poll(() => answer.textContent()).toContain('The util files: src/util/math.ts, src/util/strings.ts');

    // The follow-up, from the panel's box.
    await byTestId(frame, 'question').fill(FOLLOW_UP);
    await byTestId(frame, 'ask-follow-up').click();
    await expect.poll(() => byTestId(frame, 'run-question').textContent()).toBe(FOLLOW_UP);
    await waitForStatus(frame, 'Done');
    await expect.poll(async () => (await answer.textContent())?.trim()).toBe('src/util/math.ts: 13 lines; src/util/strings.ts: 9 lines');
    expect(await byTestId(frame, 'follow-up-of').textContent()).toBe(` Follow-up to “${FIRST}”`);
    const followUp = s
      .served()
      .filter((r) => kindOf(r) === 'root')
      .at(-1)!;
    expect(firstUser(followUp)).toContain(`Question: ${FIRST}\nAnswer: The util files: src/util/math.ts, src/util/strings.ts`);
    expect(followUp.messages[0]!.content).toContain('they still exist');
    await screenshot(page, 'followup-answer');

    // Copy answer: the answer's markdown is on the clipboard.
    await byTestId(frame, 'copy-answer').click();
    await expect.poll(() => byTestId(frame, 'copy-answer').textContent()).toBe(' Copied');
    await expect
      .poll(() => page.evaluate<string>('navigator.clipboard.readText()'))
      .toBe('src/util/math.ts: 13 lines; src/util/strings.ts: 9 lines');

    // Re-run the follow-up: the same question, again a follow-up of the first run. The first run
    // is no longer its conversation's latest, so the re-run starts afresh with its answer, and
    // the model is told the variables are gone.
    const before = s.served().length;
    await byTestId(frame, 'rerun').click();
    await expect.poll(() => s.served().length, { timeout: 30_000 }).toBeGreaterThan(before);
    await waitForStatus(frame, 'Done');
    await expect.poll(async () => (await answer.textContent())?.trim()).toBe('utilFiles is not listed: the REPL was not kept.');
    const rerun = s
      .served()
      .filter((r) => kindOf(r) === 'root')
      .at(-1)!;
    expect(firstUser(rerun)).toContain(`Follow-up question: ${FOLLOW_UP}`);
    expect(firstUser(rerun)).toContain('Variables from earlier questions are gone');
    await expect.poll(() => frame.locator('.history-item', { hasText: FOLLOW_UP }).count()).toBe(2);
    await screenshot(page, 'followup-rerun');
  });
});

/** Sends `@rlm <question>` in the open chat and returns its response once the run has ended. */
async function askInChat(page: Page, question: string): Promise<Locator> {
  const input = page.locator('.interactive-input-part .interactive-input-editor');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.click();
  await page.keyboard.type(`@rlm ${question}`);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('.interactive-item-container.interactive-request').last().textContent()).toContain(question);
  const response = page.locator('.interactive-item-container.interactive-response').last();
  await response.locator('.monaco-button', { hasText: 'Show call tree' }).waitFor({ state: 'visible', timeout: 60_000 });
  return response;
}

describe('follow-ups in the chat', () => {
  test('a second @rlm question in the same chat reads the variable the first one set', async () => {
    keepEvidenceOnFailure(() => session, 'followups-chat');
    const s = session!;
    const { page } = s;
    s.setPolicy(policy);
    await runCommand(page, 'Chat: Open Chat in Editor');
    const first = await askInChat(page, FIRST);
    await expect.poll(() => first.textContent()).toContain('The util files: src/util/math.ts, src/util/strings.ts');
    const second = await askInChat(page, FOLLOW_UP);
    await expect.poll(() => second.textContent()).toContain('src/util/math.ts: 13 lines; src/util/strings.ts: 9 lines');
    const followUp = s
      .served()
      .filter((r) => kindOf(r) === 'root')
      .at(-1)!;
    expect(firstUser(followUp)).toContain('- utilFiles: array of 2');
    await screenshot(page, 'followup-chat');
  });
});
