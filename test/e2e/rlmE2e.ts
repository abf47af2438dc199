// Shared setup for the end-to-end tests of the real extension: the real VSIX (built by
// `npm run package` when missing or older than the sources), the scripted OpenAI-compatible
// server on 127.0.0.1 configured through user settings, a fixture workspace in a temp folder,
// code-server and headless chromium; plus the panel gestures the tests share.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { expect, onTestFailed } from 'vitest';
import { makeWorkspace, type TestWorkspace } from '../fixtures/makeWorkspace';
import { startScriptedModelServer, type Policy, type ScriptedModelServer, type ServedRequest } from '../support/scriptedModelServer';
import { artifactsDir, launchBrowser, openFolder, saveErrors, screenshot, webviewFrame, type Browser } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { ensureVsix } from './packaged';
import { timed } from './phases';

export { js } from '../support/scriptedModel';

export { ensureVsix, VSIX } from './packaged';

export type CallKind = 'root' | 'child' | 'sub';

/** Root and child RLM prompts describe the REPL; llm() sub-calls have their own system prompt. */
export function kindOf(request: ServedRequest): CallKind {
  const system = request.messages[0]?.content ?? '';
  if (system.startsWith('You help analyse a codebase')) return 'sub';
  if (system.includes('You are a sub-RLM')) return 'child';
  return 'root';
}
export const lastUser = (request: ServedRequest): string => [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
export const firstUser = (request: ServedRequest): string => request.messages.find((m) => m.role === 'user')?.content ?? '';
/** 1 for an RLM call's first turn, +1 per assistant reply before it. */
export const turnOf = (request: ServedRequest): number => request.messages.filter((m) => m.role === 'assistant').length + 1;

export interface RlmSession {
  workspace: TestWorkspace;
  model: ScriptedModelServer;
  server: CodeServer;
  browser: Browser;
  page: Page;
  /** Replaces what the scripted server answers (the server starts before code-server, whose settings name it). */
  setPolicy(policy: Policy): void;
  /** Requests served since the last setPolicy. */
  served(): ServedRequest[];
  close(): Promise<void>;
}

export interface SessionHooks {
  /** Runs once the VSIX is installed, before a window (and so the extension host) starts. */
  afterInstall?(server: CodeServer): void;
  /** More extensions to install beside the real one (the chat helper), and the ids given proposed APIs. */
  extensions?: { vsix: string[]; enableProposedApi: string[] };
}

export async function startRlmSession(settings: Record<string, unknown> = {}, hooks: SessionHooks = {}): Promise<RlmSession> {
  const vsix = ensureVsix();
  let policy: Policy = () => 'no policy set';
  let from = 0;
  const model = await startScriptedModelServer((request, ctx) => policy(request, ctx));
  const workspace = makeWorkspace('basic');
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer({
      vsix: [vsix, ...(hooks.extensions?.vsix ?? [])],
      ...(hooks.extensions ? { enableProposedApi: hooks.extensions.enableProposedApi } : {}),
      settings: {
        'rlm.modelProvider': 'openai-compatible',
        'rlm.baseUrl': model.baseURL,
        'rlm.model': 'scripted-root',
        'rlm.subModel': 'scripted-sub',
        'rlm.cache': false,
        'files.exclude': {},
        // E2E_SANDBOX_ENGINE=quickjs reruns the suite on the WebAssembly engine (npm run test:e2e:quickjs).
        ...(process.env.E2E_SANDBOX_ENGINE ? { 'rlm.sandboxEngine': process.env.E2E_SANDBOX_ENGINE } : {}),
        ...settings,
      },
    });
    hooks.afterInstall?.(server);
    browser = await launchBrowser();
    await openFolder(browser.page, server.url, workspace.root);
  } catch (error) {
    await browser?.close();
    await server?.stop();
    await model.close();
    workspace.cleanup();
    throw error;
  }
  const started = { server, browser };
  return {
    workspace,
    model,
    server: started.server,
    browser: started.browser,
    page: started.browser.page,
    setPolicy(next) {
      policy = next;
      from = model.requests.length;
    },
    served: () => model.requests.slice(from),
    async close() {
      const forced = process.env.E2E_SANDBOX_ENGINE;
      const ran = [...extensionLog(started.server).matchAll(/sandbox engine (\S+)/g)].map((m) => m[1]);
      // Side by side: 1.2–1.6 s instead of 1.8–2.4 s at load 20–23.
      await timed('close', () => Promise.all([started.browser.close(), started.server.stop()]));
      await model.close();
      workspace.cleanup();
      // A suite rerun on another engine must really have run there.
      if (forced && ran.some((engine) => engine !== forced))
        throw new Error(`E2E_SANDBOX_ENGINE=${forced}, but runs used: ${ran.join(', ')}`);
    },
  };
}

/** What the extension wrote to its "RLM" output channel (the log files of every window's extension host). */
export function extensionLog(server: CodeServer): string {
  const logs = join(server.userDataDir, 'logs');
  if (!existsSync(logs)) return '';
  const files = readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((path) => basename(path) === 'RLM.log');
  return files.map((path) => readFileSync(join(logs, path), 'utf8')).join('\n');
}

/** The installed copy of the extension under the server's extensions folder. */
export function installedExtensionDir(server: CodeServer): string {
  const name = readdirSync(server.extensionsDir).find((n) => n.startsWith('ask-rlm.ask-rlm-'));
  if (!name) throw new Error(`the extension is not installed in ${server.extensionsDir}`);
  return join(server.extensionsDir, name);
}

/** On failure: a screenshot, the logs (extension host included) and the errors under test/e2e/artifacts/. */
export function keepEvidenceOnFailure(session: () => Pick<RlmSession, 'page' | 'server'> | undefined, name: string): void {
  onTestFailed(async ({ task }) => {
    const s = session();
    if (!s) return;
    await screenshot(s.page, `${name}-failed`).catch(() => undefined);
    const logs = join(artifactsDir, `${name}-logs`);
    s.server.collectLogs(logs);
    saveErrors(logs, task.result?.errors);
  });
}

/** The Ask RLM side panel's content (the only webview these tests open). */
export function panel(page: Page): FrameLocator {
  return webviewFrame(page);
}

/** The editor tab's webview ("Open in editor") and the sidebar's: VS Code marks a view's frame with `purpose=webviewView` in its src. */
export function editorView(page: Page): FrameLocator {
  return page.locator('iframe.webview:not([src*="purpose=webviewView"])').contentFrame().frameLocator('#active-frame');
}
export function sidebarView(page: Page): FrameLocator {
  return page.locator('iframe.webview[src*="purpose=webviewView"]').contentFrame().frameLocator('#active-frame');
}

export const byTestId = (frame: FrameLocator, id: string): Locator => frame.locator(`[data-testid="${id}"]`);

/** Waits until the shown run's status reads `status` (Done, Cancelled, …). */
export async function waitForStatus(frame: FrameLocator, status: string, timeoutMs = 60_000): Promise<void> {
  await expect
    .poll(
      () =>
        byTestId(frame, 'run-status')
          .textContent()
          .catch(() => null),
      { timeout: timeoutMs },
    )
    .toBe(status);
}

/** Opens every collapsed turn, cell and tool node of the call tree so all llm nodes are drawn. */
export async function expandTree(frame: FrameLocator): Promise<void> {
  const closed = byTestId(frame, 'call-tree').locator('li[aria-expanded="false"]:is(.kind-rlm, .kind-turn, .kind-cell, .kind-tool) > .row');
  for (let i = 0; i < 50; i++) {
    const count = await closed.count();
    if (count === 0) return;
    await closed.first().click();
  }
  throw new Error('the call tree kept collapsed nodes after 50 clicks');
}

/** The drawn llm nodes of the call tree (after expandTree) without the root model's own calls: label and status. */
export async function subCallRows(frame: FrameLocator): Promise<Array<{ label: string; status: string }>> {
  const rows = await byTestId(frame, 'call-tree').locator('li.kind-llm').all();
  const all = await Promise.all(
    rows.map(async (li) => ({
      label: (await li.locator('.row').first().locator('.label').textContent()) ?? '',
      status: (await li.getAttribute('class'))?.match(/status-(\w+)/)?.[1] ?? '?',
    })),
  );
  return all.filter((row) => !/^(root model|best answer)/.test(row.label));
}
