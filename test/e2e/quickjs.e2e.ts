// The extension on the quickjs sandbox engine: forced by the setting, and chosen by `auto` in a
// host where isolated-vm's native module cannot load (its binary removed from the installed
// extension, as when desktop VS Code's Electron ABI rejects it). The root code mixes blocking
// REPL calls (grep, read) with a parallel llm() fan-out; the panel shows the answer and the
// sub-calls, and the RLM log names the engine that ran.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { fillInputBox, runCommand, screenshot } from './browser';
import {
  byTestId,
  expandTree,
  extensionLog,
  installedExtensionDir,
  js,
  keepEvidenceOnFailure,
  kindOf,
  panel,
  startRlmSession,
  subCallRows,
  waitForStatus,
  type RlmSession,
  type SessionHooks,
} from './rlmE2e';

const ROOT_CODE = [
  'const files = glob("src/**/*.ts");',
  'const hits = grep("function multiply").map((m) => `${m.path}:${m.line}`);',
  'const answers = await Promise.all(files.map((f) => llm("Does this file define multiply? yes or no", read(f))));',
  'const yes = files.filter((f, i) => answers[i].trim() === "yes");',
  'FINAL(`grep: ${hits.join(", ")}; llm: ${yes.join(", ")} of ${files.length} files`);',
].join('\n');

async function askAndCheck(s: RlmSession, name: string): Promise<void> {
  const { page } = s;
  s.setPolicy((request) => {
    if (kindOf(request) === 'sub') return request.messages.at(-1)?.content.includes('export function multiply') ? 'yes' : 'no';
    return js(ROOT_CODE);
  });
  await runCommand(page, 'Ask RLM about workspace');
  await fillInputBox(page, 'Where is multiply defined?');
  const frame = panel(page);
  await waitForStatus(frame, 'Done');
  const answer = (await byTestId(frame, 'answer').textContent()) ?? '';
  const files = s.served().filter((r) => kindOf(r) === 'sub').length;
  expect(files).toBeGreaterThan(2);
  expect(answer).toContain(`grep: src/util/math.ts:5; llm: src/util/math.ts of ${files} files`);
  await expandTree(frame);
  const subCalls = await subCallRows(frame);
  expect(subCalls).toHaveLength(files);
  expect(subCalls.every((c) => c.status === 'ok')).toBe(true);
  await screenshot(page, name);
}

/** A session per scenario, closed after it (evidence is kept first when the test fails). */
function withSession(name: string, settings: Record<string, unknown>, hooks: SessionHooks = {}): () => RlmSession {
  let session: RlmSession | undefined;
  beforeAll(async () => {
    session = await startRlmSession(settings, hooks);
  });
  afterAll(async () => {
    await session?.close();
  });
  beforeEach(() => keepEvidenceOnFailure(() => session, name));
  return () => session!;
}

const engineLines = (log: string) => log.split('\n').filter((line) => /sandbox engine/.test(line));

describe('the quickjs sandbox engine, forced by rlm.sandboxEngine', () => {
  const session = withSession('quickjs-forced', { 'rlm.sandboxEngine': 'quickjs' });

  test('answers from the palette, with the sub-calls in the panel', async () => {
    await askAndCheck(session(), 'quickjs-forced');
    await expect.poll(() => extensionLog(session().server)).toMatch(/sandbox engine quickjs/);
    expect(extensionLog(session().server)).not.toMatch(/sandbox engine isolated-vm/);
    console.log(engineLines(extensionLog(session().server)).join('\n'));
  });
});

describe('the quickjs sandbox engine, chosen by auto where isolated-vm cannot load', () => {
  const session = withSession(
    'quickjs-auto',
    { 'rlm.sandboxEngine': 'auto' },
    { afterInstall: (server) => rmSync(join(installedExtensionDir(server), 'node_modules/isolated-vm/out/isolated_vm.node')) },
  );

  test('answers from the palette and logs why it fell back', async () => {
    await askAndCheck(session(), 'quickjs-auto');
    // isolated-vm.js requires ./out/isolated_vm, which is gone: the reason names it.
    await expect
      .poll(() => extensionLog(session().server))
      .toMatch(/sandbox engine: quickjs \(auto: isolated-vm cannot run in this host: .*isolated_vm/);
    expect(extensionLog(session().server)).toMatch(/sandbox engine quickjs/);
    console.log(engineLines(extensionLog(session().server)).join('\n'));
  });
});
