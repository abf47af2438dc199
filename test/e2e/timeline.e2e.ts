// "Open in editor" in the real extension: a run whose root code fans four llm() sub-calls out in
// parallel, held at the scripted server until the test lets them answer. Opened in an editor tab
// mid-run, the timeline shows four overlapping sub-call bars, still running; it follows the run
// to Done, selecting a bar selects its node in the tree, and the code cell is highlighted. The
// sidebar's call tree stays readable at its default width, and the answer's citations are graded.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { artifactsDir, fillInputBox, runCommand, screenshot } from './browser';
import {
  byTestId,
  editorView,
  expandTree,
  js,
  keepEvidenceOnFailure,
  kindOf,
  lastUser,
  sidebarView,
  startRlmSession,
  turnOf,
  waitForStatus,
  type RlmSession,
} from './rlmE2e';
import { join } from 'node:path';

const FILES = ['src/index.ts', 'src/util/math.ts', 'src/util/strings.ts', 'config/settings.json'];
const QUESTION = 'What does each file define?';
const ANSWER =
  'Each file defines one thing; multiply is at src/util/math.ts:5, the project is described in README.md:1, and the old helper was in src/util/mult.ts:5.';

describe('Open in editor: call tree beside a live timeline', () => {
  let session: RlmSession | undefined;

  beforeAll(async () => {
    session = await startRlmSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  test('parallel sub-calls show as overlapping bars, live; bar and tree select each other; the cell is highlighted', async () => {
    keepEvidenceOnFailure(() => session, 'timeline');
    const s = session!;
    const { page } = s;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    s.setPolicy(async (request) => {
      const kind = kindOf(request);
      if (kind === 'sub') {
        await gate;
        return lastUser(request).includes('multiply') ? 'It defines add, multiply and finalPrice.' : 'It defines one export.';
      }
      const turn = turnOf(request);
      if (turn === 1)
        return js(
          [
            `const files = ${JSON.stringify(FILES)};`,
            'const notes = await Promise.all(files.map((f) => llm("What does this file define? One sentence.", read(f))));',
            'print(files.map((f, i) => `${f}: ${notes[i]}`).join("\\n"));',
          ].join('\n'),
        );
      // The answer cites a line it read, a file it never opened and a file that does not exist;
      // told about the last one, the model keeps it (in other code: a repeated cell does not run).
      if (turn === 2) return js(`const answer = ${JSON.stringify(ANSWER)};\nFINAL(answer)`);
      return js(`FINAL(${JSON.stringify(ANSWER)})`);
    });

    await runCommand(page, 'Ask RLM about workspace');
    await fillInputBox(page, QUESTION);
    const side = sidebarView(page);
    await waitForStatus(side, 'Running…');
    await expect.poll(() => s.model.inFlight, { timeout: 30_000 }).toBe(FILES.length);

    await byTestId(side, 'open-in-editor').click();
    const editor = editorView(page);
    await page.locator('.tabs-container .tab.active', { hasText: `RLM: ${QUESTION}` }).waitFor({ state: 'visible', timeout: 15_000 });
    const timeline = byTestId(editor, 'timeline');
    const subCallBars = timeline.locator('.tl-lane[data-track="sub-calls"] .tl-bar');
    // As many lanes, each with a running bar, as sub-calls in flight at the server.
    await expect.poll(() => subCallBars.count(), { timeout: 15_000 }).toBe(FILES.length);
    expect(await timeline.locator('.tl-lane[data-track="sub-calls"]').count()).toBe(FILES.length);
    expect(await timeline.locator('.tl-lane[data-track="sub-calls"] .tl-bar.open').count()).toBe(FILES.length);
    expect(await timeline.locator('.tl-lane[data-track="sub-calls"] .tl-lane-title').first().textContent()).toContain('4 at once');
    await screenshot(page, 'timeline-live');

    release();
    await waitForStatus(editor, 'Done');
    await expect.poll(() => timeline.locator('.tl-bar.open').count()).toBe(0);
    expect(await subCallBars.count()).toBe(FILES.length);
    expect(await timeline.locator('.tl-lane[data-track="sub-calls"]').count()).toBe(FILES.length);
    // The bars overlap in time: every sub-call started before any of them ended.
    const spans = await subCallBars.evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect()).map((r) => [r.left, r.right]));
    expect(Math.max(...spans.map(([left]) => left!)), JSON.stringify(spans)).toBeLessThan(Math.min(...spans.map(([, right]) => right!)));

    // A bar selects its node in the tree; the tree's selection marks the bar.
    const tree = byTestId(editor, 'call-tree');
    const cellBar = timeline.locator('.tl-lane[data-track="cells"] .tl-bar').first();
    await cellBar.click();
    const cell = tree.locator('li.kind-cell').first();
    await expect.poll(() => cell.getAttribute('class')).toContain('active');
    expect(await byTestId(editor, 'timeline-hover').textContent()).toMatch(/^cell 1 · ok · /);
    await cell.locator(':scope > .row').click();
    const code = cell.locator('[data-testid="cell-code"] code.hljs');
    await expect.poll(() => code.locator('.hljs-keyword').count()).toBeGreaterThanOrEqual(3);
    expect(await code.locator('.hljs-string').first().textContent()).toBe('"src/index.ts"');
    expect(await code.textContent()).toContain('await Promise.all(files.map');
    const subCallNode = tree.locator('li.kind-llm', { hasText: 'What does this file define' }).first();
    await subCallNode.locator(':scope > .row').click();
    const id = await subCallNode.getAttribute('data-id');
    await expect.poll(() => timeline.locator(`.tl-bar[data-id="${id}"]`).getAttribute('class')).toContain('selected');
    expect(await cellBar.getAttribute('class')).not.toContain('selected');
    await subCallNode.locator(':scope > .row').click(); // closes its prompt again
    // The cell again, from its bar: selected on both sides, its highlighted code open in the tree.
    await cellBar.click();
    await expect.poll(() => cellBar.getAttribute('class')).toContain('selected');
    await editor.locator('body').evaluate((body) => body.ownerDocument.defaultView!.scrollTo(0, 0));
    await screenshot(page, 'timeline-view');

    // The answer's citations, graded, here and in the sidebar.
    const answer = byTestId(editor, 'answer');
    await expect.poll(() => answer.textContent()).toContain('multiply is at src/util/math.ts:5');
    expect(await answer.locator('a.citation:not(.unread)', { hasText: 'src/util/math.ts:5' }).count()).toBe(1);
    expect(await answer.locator('a.citation.unread', { hasText: 'README.md:1' }).count()).toBe(1);
    expect(await answer.locator('[data-testid="broken-citation"]').textContent()).toBe('src/util/mult.ts:5');

    // The sidebar at its default width: readable labels, no horizontal scrollbar, no nested scroll box.
    await waitForStatus(side, 'Done');
    expect(await byTestId(side, 'answer').locator('a.citation.unread').count()).toBe(1);
    await page.locator('.part.sidebar').screenshot({ path: join(artifactsDir, 'graded-answer-sidebar.png'), animations: 'disabled' });
    await expandTree(side);
    const layout = await byTestId(side, 'call-tree').evaluate((root) => {
      const doc = root.ownerDocument;
      const scrollers = [...root.querySelectorAll('*')].filter((el) => {
        const style = doc.defaultView!.getComputedStyle(el);
        return /(auto|scroll)/.test(style.overflowY + style.overflowX) && el.scrollHeight > el.clientHeight + 1;
      });
      return {
        width: doc.documentElement.clientWidth,
        scrollWidth: doc.documentElement.scrollWidth,
        labels: [...root.querySelectorAll('.row .label')].map((l) => l.getBoundingClientRect().width),
        scrollers: scrollers.length,
      };
    });
    expect(layout.scrollWidth, JSON.stringify(layout)).toBeLessThanOrEqual(layout.width);
    expect(Math.min(...layout.labels), JSON.stringify(layout)).toBeGreaterThanOrEqual(60);
    expect(layout.scrollers).toBe(0);
    console.log(`timeline e2e: sidebar ${layout.width}px wide, narrowest label ${Math.round(Math.min(...layout.labels))}px`);
  });
});
