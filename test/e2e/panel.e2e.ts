// The real extension from its VSIX, asked from the command palette: the root code fans llm()
// sub-calls out over three fixture files and FINALs a `path:line` citation; the side panel
// shows the answer and a call tree with those sub-calls, and the citation opens the file there.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fillInputBox, runCommand, screenshot } from './browser';
import {
  byTestId,
  expandTree,
  js,
  keepEvidenceOnFailure,
  kindOf,
  panel,
  startRlmSession,
  subCallRows,
  turnOf,
  waitForStatus,
  type RlmSession,
} from './rlmE2e';

const FILES = ['src/index.ts', 'src/util/math.ts', 'src/util/strings.ts'];
const QUESTION = 'Where is multiply defined?';

describe('Ask RLM about workspace (palette → panel → citation)', () => {
  let session: RlmSession | undefined;

  beforeAll(async () => {
    session = await startRlmSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  test('the panel shows the answer and the sub-calls; the citation opens the file at the line', async () => {
    keepEvidenceOnFailure(() => session, 'panel');
    const s = session!;
    const { page } = s;
    s.setPolicy((request) => {
      const kind = kindOf(request);
      if (kind === 'sub') return request.messages.at(-1)?.content.includes('export function multiply') ? 'yes' : 'no';
      if (turnOf(request) === 1) {
        return js(
          [
            `const files = ${JSON.stringify(FILES)};`,
            'const answers = await Promise.all(files.map((f) => llm("Does this file define the function multiply? Answer yes or no.", read(f))));',
            'const hit = files.find((f, i) => answers[i].trim().startsWith("yes"));',
            'const line = read(hit).split("\\n").findIndex((l) => l.includes("function multiply")) + 1;',
            'FINAL(`multiply is defined in ${hit}:${line} (checked ${files.length} files).`);',
          ].join('\n'),
        );
      }
      return js('FINAL("unexpected second turn")');
    });

    const started = Date.now();
    await runCommand(page, 'Ask RLM about workspace');
    await fillInputBox(page, QUESTION);
    const frame = panel(page);
    await waitForStatus(frame, 'Done');
    const runMs = Date.now() - started;

    const answer = byTestId(frame, 'answer');
    await expect.poll(() => answer.textContent()).toContain('multiply is defined in src/util/math.ts:5 (checked 3 files).');
    expect(await byTestId(frame, 'run-question').textContent()).toBe(QUESTION);
    // The server saw one root call and one sub-call per file.
    const served = s.served();
    expect(served.filter((r) => kindOf(r) === 'sub')).toHaveLength(FILES.length);
    expect(served.filter((r) => kindOf(r) === 'root')).toHaveLength(1);

    await expandTree(frame);
    const subCalls = await subCallRows(frame);
    expect(subCalls, JSON.stringify(subCalls)).toHaveLength(FILES.length);
    expect(subCalls.every((c) => c.status === 'ok')).toBe(true);
    expect(await byTestId(frame, 'totals').textContent()).toMatch(/4 calls \(0 cached, 3 sub-calls\)/);
    await screenshot(page, 'panel-answer-and-tree');

    const citation = answer.locator('a.citation', { hasText: 'src/util/math.ts:5' });
    await expect.poll(() => citation.getAttribute('data-line')).toBe('5');
    await citation.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'math.ts' }).waitFor({ state: 'visible', timeout: 15_000 });
    await expect
      .poll(() =>
        page
          .locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ })
          .first()
          .textContent(),
      )
      .toMatch(/^Ln 5, Col 1/);
    await expect.poll(() => page.locator('.monaco-editor .current-line').count()).toBeGreaterThan(0);
    await screenshot(page, 'panel-citation-opened');
    console.log(`panel e2e: run ${runMs} ms (palette → Done)`);
  });
});
