// The real extension from its VSIX: the history after 12 questions (every entry re-opens with its
// call tree, an old one exports to where the user chose and says so, its citation opens in its own
// workspace), the history of another workspace kept apart, and a second question while one runs
// (refused with a message whose button cancels the running one and asks the new one).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fillInputBox, fillSaveDialog, notification, openFolder, runCommand, screenshot } from './browser';
import { makeWorkspace } from '../fixtures/makeWorkspace';
import type { ServedRequest } from '../support/scriptedModelServer';
import { text } from '../support/scriptedModelServer';
import {
  byTestId,
  expandTree,
  js,
  keepEvidenceOnFailure,
  kindOf,
  panel,
  startRlmSession,
  subCallRows,
  waitForStatus,
  type RlmSession,
} from './rlmE2e';

const RUNS = 12;
const question = (n: number): string => `Question ${n}: where is multiply defined?`;
/** The number of the question a request belongs to (the root prompt carries the question). */
const questionOf = (request: ServedRequest): number | undefined => {
  const match = /Question (\d+):/.exec(JSON.stringify(request.messages));
  return match ? Number(match[1]) : undefined;
};
const asks = (request: ServedRequest, q: string): boolean => request.messages.some((m) => m.content.includes(q));

describe('History that holds', () => {
  let session: RlmSession | undefined;

  beforeAll(async () => {
    session = await startRlmSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  test('after 12 runs every entry re-opens with its tree; an old one exports and says where; another workspace has its own', async () => {
    keepEvidenceOnFailure(() => session, 'history');
    const s = session!;
    const { page } = s;
    s.setPolicy((request) => {
      if (kindOf(request) === 'sub') return 'yes, line 5';
      const n = questionOf(request) ?? 0;
      return js(
        [
          `const found = await llm("Run ${n}: does this file define multiply?", read("src/util/math.ts"));`,
          `FINAL("Run ${n}: multiply is defined in src/util/math.ts:5 (" + found + ").")`,
        ].join('\n'),
      );
    });

    await runCommand(page, 'Ask RLM about workspace');
    await fillInputBox(page, question(1));
    const frame = panel(page);
    await waitForStatus(frame, 'Done');
    const box = byTestId(frame, 'question');
    for (let n = 2; n <= RUNS; n++) {
      await box.fill(question(n));
      await box.press('Enter');
      await expect.poll(() => byTestId(frame, 'run-question').textContent(), { timeout: 30_000 }).toBe(question(n));
      await waitForStatus(frame, 'Done');
    }
    const items = frame.locator('.history-item');
    await expect.poll(() => items.count()).toBe(RUNS);
    await expect.poll(() => byTestId(frame, 'history-title').textContent()).toBe('History · basic');

    // Every entry, oldest last, re-opens with its own answer and its own sub-call.
    for (let i = 0; i < RUNS; i++) {
      const n = RUNS - i;
      await items.nth(i).click();
      await expect.poll(() => byTestId(frame, 'run-question').textContent()).toBe(question(n));
      await expect.poll(() => byTestId(frame, 'answer').textContent()).toContain(`Run ${n}: multiply is defined in src/util/math.ts:5`);
      await expandTree(frame);
      const rows = await subCallRows(frame);
      expect(rows, `run ${n}: ${JSON.stringify(rows)}`).toHaveLength(1);
      expect(rows[0].label).toContain(`Run ${n}:`);
    }
    await screenshot(page, 'history-oldest-entry');

    // The oldest shown: Export saves its tree where the user says, and says where.
    const target = join(s.workspace.root, 'exported-run-1.jsonl');
    await frame.locator('button', { hasText: 'Export trace' }).click();
    await fillSaveDialog(page, target);
    const saved = notification(page, `Saved to ${target}`);
    await saved.waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'history-export-saved');
    expect(existsSync(target)).toBe(true);
    const nodes = readFileSync(target, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; label: string });
    expect(nodes.filter((node) => node.kind === 'llm' && node.label.includes('Run 1:'))).toHaveLength(1);
    expect(nodes.some((node) => /Run (?!1:)\d+:/.test(node.label))).toBe(false);
    await saved.locator('a.monaco-button, .monaco-button', { hasText: 'Open' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'exported-run-1.jsonl' }).waitFor({ state: 'visible', timeout: 15_000 });

    // The old entry's citation opens in this workspace.
    await byTestId(frame, 'answer').locator('a.citation', { hasText: 'src/util/math.ts:5' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: 'math.ts' }).waitFor({ state: 'visible', timeout: 15_000 });

    // Another workspace in the same VS Code has its own, empty history.
    const second = makeWorkspace('second');
    try {
      await openFolder(page, s.server.url, second.root);
      await runCommand(page, 'RLM: Show Panel');
      const other = panel(page);
      await expect.poll(() => byTestId(other, 'history-title').textContent(), { timeout: 30_000 }).toBe('History · second');
      expect(await other.locator('.history-item').count()).toBe(0);
      await screenshot(page, 'history-other-workspace');
      await openFolder(page, s.server.url, s.workspace.root);
      await runCommand(page, 'RLM: Show Panel');
      await expect.poll(() => panel(page).locator('.history-item').count(), { timeout: 30_000 }).toBe(RUNS);
    } finally {
      second.cleanup();
    }
  });

  test('a second question while one runs is refused with a message; its button cancels the first and asks the second', async () => {
    keepEvidenceOnFailure(() => session, 'history-second-question');
    const s = session!;
    const { page } = s;
    s.setPolicy((request) => {
      if (kindOf(request) === 'sub') return text('too late', { delayMs: 120_000 });
      if (asks(request, 'Quick question')) return js('FINAL("The quick answer.")');
      return js('const out = await llm("Summarise " + "src/index.ts", read("src/index.ts"));\nFINAL(out)');
    });
    await runCommand(page, 'Ask RLM about workspace');
    await fillInputBox(page, 'Slow question');
    const frame = panel(page);
    await waitForStatus(frame, 'Running…');
    await expect.poll(() => s.model.inFlight).toBe(1);

    // From the panel's box: the host refuses it, the question stays in the box.
    const box = byTestId(frame, 'question');
    await box.fill('Quick question');
    await box.press('Enter');
    const refusal = notification(page, 'RLM is still answering “Slow question”');
    await refusal.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await refusal.textContent()).toContain('cancel it and ask this question instead');
    await screenshot(page, 'history-second-question-refused');
    expect(s.served().some((r) => kindOf(r) === 'root' && asks(r, 'Quick question'))).toBe(false);
    expect(await byTestId(frame, 'run-status').textContent()).toBe('Running…');
    expect(await box.inputValue()).toBe('Quick question');

    await refusal.locator('.monaco-button', { hasText: 'Cancel It and Ask' }).click();
    await expect.poll(() => byTestId(frame, 'run-question').textContent(), { timeout: 30_000 }).toBe('Quick question');
    await waitForStatus(frame, 'Done');
    expect(await byTestId(frame, 'answer').textContent()).toContain('The quick answer.');
    expect(await box.inputValue()).toBe('');
    await expect
      .poll(() => frame.locator('.history-item', { hasText: 'Slow question' }).locator('.history-meta').textContent())
      .toMatch(/^Cancelled · /);
    expect(s.model.inFlight).toBe(0);
  });
});
