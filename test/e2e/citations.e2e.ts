// Grounded citations in the real extension: the model's first FINAL cites a file that does not
// exist and a line past the end; the engine sends it back once, the model corrects it, and the
// panel shows the corrected answer with its grades — a read citation that opens the file, an
// unread one marked, and a citation the model kept of a missing file that is no link.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fillInputBox, runCommand, screenshot } from './browser';
import {
  byTestId,
  js,
  keepEvidenceOnFailure,
  kindOf,
  lastUser,
  panel,
  startRlmSession,
  turnOf,
  waitForStatus,
  type RlmSession,
} from './rlmE2e';

describe('Grounded citations (palette → corrected answer → graded citations in the panel)', () => {
  let session: RlmSession | undefined;

  beforeAll(async () => {
    session = await startRlmSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  test('a broken citation goes back to the model once; the corrected answer shows its grades', async () => {
    keepEvidenceOnFailure(() => session, 'citations');
    const s = session!;
    const { page } = s;
    s.setPolicy((request) => {
      if (kindOf(request) !== 'root') return 'no';
      const turn = turnOf(request);
      if (turn === 1) return js('print(peek("src/util/math.ts", 4, 7))');
      if (turn === 2) return js('FINAL("multiply is in src/util/mult.ts:5 and src/util/math.ts:50.")');
      // The note named both: the model fixes one and keeps a guess it cannot check.
      const note = lastUser(request);
      if (!note.includes('src/util/mult.ts:5') || !note.includes('src/util/math.ts:50')) return js('FINAL("the note was not sent")');
      return js('FINAL("multiply is at src/util/math.ts:5; add at `src/util/math.ts:1`; the old helper was in src/util/mult.ts:5.")');
    });

    await runCommand(page, 'Ask RLM about workspace');
    await fillInputBox(page, 'Where is multiply?');
    const frame = panel(page);
    await waitForStatus(frame, 'Done');

    const answer = byTestId(frame, 'answer');
    await expect.poll(() => answer.textContent()).toContain('multiply is at src/util/math.ts:5');
    expect(s.served().filter((r) => kindOf(r) === 'root')).toHaveLength(3);

    const read = answer.locator('a.citation', { hasText: 'src/util/math.ts:5' });
    expect(await read.getAttribute('class')).toBe('citation');
    const unread = answer.locator('a.citation.unread', { hasText: 'src/util/math.ts:1' });
    expect(await unread.getAttribute('title')).toContain('never read');
    const broken = answer.locator('[data-testid="broken-citation"]');
    expect(await broken.textContent()).toBe('src/util/mult.ts:5');
    expect(await answer.locator('a', { hasText: 'mult.ts' }).count()).toBe(0);
    await screenshot(page, 'panel-graded-citations');

    await read.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'math.ts' }).waitFor({ state: 'visible', timeout: 15_000 });
    await expect
      .poll(() =>
        page
          .locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ })
          .first()
          .textContent(),
      )
      .toMatch(/^Ln 5, Col 1/);
  });
});
