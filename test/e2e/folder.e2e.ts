// The real extension from its VSIX, asked from the explorer's context menu on a folder: the root
// code FINALs glob("**"), so the answer lists exactly what the model could see — only that folder.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { contextMenuAction, fillInputBox, runCommand, screenshot } from './browser';
import { byTestId, js, keepEvidenceOnFailure, kindOf, panel, startRlmSession, waitForStatus, type RlmSession } from './rlmE2e';

describe('Ask RLM about this folder (explorer context menu)', () => {
  let session: RlmSession | undefined;

  beforeAll(async () => {
    session = await startRlmSession({ 'explorer.compactFolders': false });
  });

  afterAll(async () => {
    await session?.close();
  });

  test('only the folder is visible to the model', async () => {
    keepEvidenceOnFailure(() => session, 'folder');
    const s = session!;
    const { page } = s;
    s.setPolicy((request) => (kindOf(request) === 'root' ? js('FINAL("Visible: " + JSON.stringify(glob("**")))') : 'unexpected sub-call'));

    // A retry finds the Ask RLM panel in the side bar: bring the explorer back first.
    await runCommand(page, 'View: Show Explorer');
    const row = (name: string) =>
      page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) });
    // Expand src only if it is collapsed: a retry runs in the same workbench, where a click would fold it.
    if ((await row('src').getAttribute('aria-expanded')) !== 'true') await row('src').click();
    await row('util').waitFor({ state: 'visible' });
    const started = Date.now();
    await contextMenuAction(page, row('util'), 'Ask RLM about this folder');
    await fillInputBox(page, 'Which files can you see?');
    const frame = panel(page);
    await waitForStatus(frame, 'Done');
    const runMs = Date.now() - started;

    const answer = (await byTestId(frame, 'answer').textContent()) ?? '';
    const listed = JSON.parse(/Visible: (\[.*\])/.exec(answer)?.[1] ?? 'null') as string[] | null;
    expect(listed, answer).not.toBeNull();
    // Paths are relative to the mounted folder: src/util's two files and nothing from elsewhere.
    expect([...listed!].sort()).toEqual(['math.ts', 'strings.ts']);
    for (const outside of ['index.ts', 'README.md', 'OUTSIDE', 'secret']) expect(answer).not.toContain(outside);
    expect(s.served().filter((r) => kindOf(r) === 'root')).toHaveLength(1);
    expect(await byTestId(frame, 'run-scope').textContent()).toContain('Only src/util');
    await screenshot(page, 'folder-run');
    console.log(`folder e2e: run ${runMs} ms (context menu → Done)`);
  });
});
