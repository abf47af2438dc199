// The real extension from its VSIX: a long run (a slow model server) cancelled from the panel's
// Cancel button stops, shows it was cancelled, and keeps the partial call tree.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fillInputBox, runCommand, screenshot } from './browser';
import {
  byTestId,
  expandTree,
  js,
  keepEvidenceOnFailure,
  kindOf,
  lastUser,
  panel,
  startRlmSession,
  subCallRows,
  turnOf,
  waitForStatus,
  type RlmSession,
} from './rlmE2e';
import { text } from '../support/scriptedModelServer';

const FAST = ['src/index.ts', 'src/util/math.ts'];
const SLOW = ['README.md', 'src/util/strings.ts', 'config/settings.json'];

describe('Cancel a long run from the panel', () => {
  let session: RlmSession | undefined;

  beforeAll(async () => {
    session = await startRlmSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  test('the run stops, shows Cancelled and keeps the partial tree', async () => {
    keepEvidenceOnFailure(() => session, 'cancel');
    const s = session!;
    const { page } = s;
    const fanOut = (files: string[]) =>
      js(`const out = await Promise.all(${JSON.stringify(files)}.map((f) => llm("Summarise " + f, read(f))));\nprint(out.join("\\n"))`);
    s.setPolicy((request) => {
      if (kindOf(request) === 'sub') {
        // Turn 1's sub-calls answer at once; turn 2's hang until the client goes away.
        return lastUser(request).startsWith('Summarise slow') ? text('too late', { delayMs: 120_000 }) : 'a summary';
      }
      if (turnOf(request) === 1) return fanOut(FAST);
      if (turnOf(request) === 2)
        return js(
          `const out = await Promise.all(${JSON.stringify(SLOW)}.map((f) => llm("Summarise slow " + f, read(f))));\nFINAL(out.join("\\n"))`,
        );
      return js('FINAL("should never be asked")');
    });

    await runCommand(page, 'Ask RLM about workspace');
    await fillInputBox(page, 'Summarise every file, slowly');
    const frame = panel(page);
    await waitForStatus(frame, 'Running…');
    // All slow sub-calls are in flight at the server.
    await expect.poll(() => s.model.inFlight).toBe(SLOW.length);
    await expandTree(frame);
    await expect.poll(async () => (await subCallRows(frame)).filter((r) => r.status === 'running').length).toBe(SLOW.length);

    const cancelButton = byTestId(frame, 'cancel');
    await expect.poll(() => cancelButton.isVisible()).toBe(true);
    const clicked = Date.now();
    await cancelButton.click();
    await waitForStatus(frame, 'Cancelled', 15_000);
    const stopMs = Date.now() - clicked;
    // The slow requests were abandoned, not waited for.
    await expect.poll(() => s.model.inFlight, { timeout: 10_000 }).toBe(0);
    expect(stopMs).toBeLessThan(10_000);
    expect(await cancelButton.isVisible()).toBe(false);
    expect(await byTestId(frame, 'answer').textContent()).toMatch(/cancelled/i);

    // The partial tree stays: turn 1's finished sub-calls and turn 2's cancelled ones.
    await expandTree(frame);
    const rows = await subCallRows(frame);
    expect(
      rows.filter((r) => r.status === 'ok'),
      JSON.stringify(rows),
    ).toHaveLength(FAST.length);
    expect(
      rows.filter((r) => r.status === 'cancelled'),
      JSON.stringify(rows),
    ).toHaveLength(SLOW.length);
    expect(s.served().some((r) => r.messages.some((m) => m.content.includes('should never be asked')))).toBe(false);
    await screenshot(page, 'cancel-run');
    console.log(`cancel e2e: Cancelled shown ${stopMs} ms after the click`);
  });
});
