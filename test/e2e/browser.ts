// Headless Debian chromium driven by playwright-core against code-server, and the few workbench
// gestures the end-to-end tests need: open a folder, run a palette command, answer an input box,
// reach a webview's content, take a screenshot.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { repoRoot } from './codeServer';
import { waitUntil } from '../support/waitUntil';
import { timed } from './phases';

export const artifactsDir = join(repoRoot, 'test/e2e/artifacts');

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export function launchBrowser(): Promise<Browser> {
  return timed('chromium', startBrowser);
}

async function startBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'rlm-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  // Copy/paste in the workbench goes through the async clipboard API.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']).catch(() => undefined);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens `folder` in the workbench and waits until the explorer shows it. */
export async function openFolder(page: Page, serverUrl: string, folder: string): Promise<void> {
  await timed('workbench', async () => {
    await page.goto(`${serverUrl}/?folder=${encodeURIComponent(folder)}`);
    await waitForWorkbench(page);
  });
}

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  // The explorer's tree appears once the workspace is resolved and extensions are being read.
  await page
    .locator('.explorer-folders-view .monaco-list, .explorer-viewlet .monaco-list')
    .first()
    .waitFor({ state: 'visible', timeout: 60_000 });
}

/**
 * F1, type the command's title, click the row whose label is that title (with or without its
 * category: "Ask RLM about workspace" is "RLM: Ask RLM about workspace"). Not the focused row,
 * nor a row that merely contains the title: code-server 1.100 has no "Chat: Open Chat" (its
 * precondition hides it), and a title matched as a substring ran whichever "Chat: Open Chat in …"
 * (Editor, New Window, Side Bar) the palette focused first, so the chat showed in an editor or
 * not in this page at all. Right
 * after the window opens the extension host may not have registered an extension's
 * contributions yet ("No matching commands"): close the palette and try again until `timeoutMs`.
 */
export function runCommand(page: Page, title: string, options: { timeoutMs?: number } = {}): Promise<void> {
  return timed(`command ${title}`, () => pickCommand(page, title, options));
}

async function pickCommand(page: Page, title: string, { timeoutMs = 30_000 } = {}): Promise<void> {
  const widget = quickInput(page);
  const input = widget.locator('input');
  const label = new RegExp(`^([^:]+: )?${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = widget
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: label }) })
    .first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!(await widget.isVisible())) {
      // The workbench must have focus for F1 to reach it.
      await page
        .locator('.monaco-workbench')
        .focus()
        .catch(() => undefined);
      await page.keyboard.press('F1');
    }
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    try {
      // A registered command's row shows at once; an open palette never adds rows for commands
      // registered later, so a short wait then a fresh palette finds them soonest.
      await row.waitFor({ state: 'visible', timeout: 1_000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`command "${title}" not found in the palette within ${timeoutMs} ms`, { cause: error });
      await input.press('Escape');
      await widget.waitFor({ state: 'hidden' });
      await page.waitForTimeout(200);
    }
  }
  await row.click();
}

/**
 * Right-clicks `target` and picks `action` from its context menu. Retries until the pick takes:
 * a menu opened before the extension host has registered the extension's contributions lacks
 * its items and stays that way, and a click that lands while the menu is still settling leaves
 * it open without running anything; either way the menu is closed and tried again.
 */
export async function contextMenuAction(page: Page, target: Locator, action: string, { timeoutMs = 60_000 } = {}): Promise<void> {
  const menu = page.locator('.context-view .monaco-menu');
  const item = menu.locator('.action-item', { hasText: action });
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    // A menu left open (by an earlier attempt or test) would swallow the right-click.
    if (await menu.isVisible()) {
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    }
    await target.click({ button: 'right' });
    try {
      await item.waitFor({ state: 'visible', timeout: 3_000 });
      await item.hover();
      await item.click();
      // The menu closes when the action runs.
      await menu.waitFor({ state: 'hidden', timeout: 3_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`"${action}" could not be picked from the context menu in ${attempt} attempts`, { cause: error });
      await page.waitForTimeout(500);
    }
  }
}

/** Types `text` into the open input box (showInputBox / showQuickPick) and accepts it. */
export async function fillInputBox(page: Page, text: string, options: { placeholder?: string } = {}): Promise<void> {
  const widget = quickInput(page);
  const input = widget.locator('input');
  await input.waitFor({ state: 'visible' });
  if (options.placeholder !== undefined) {
    await widget.locator(`input[placeholder*="${options.placeholder.replace(/"/g, '\\"')}"]`).waitFor({ state: 'visible' });
  }
  await input.fill(text);
  await input.press('Enter');
  await widget.waitFor({ state: 'hidden' });
}

/**
 * VS Code's simple save dialog: it shows its input first and fills in the default path a moment
 * later (sometimes twice), which overwrote a path typed in between (the save went to the default name).
 */
export async function fillSaveDialog(page: Page, path: string): Promise<void> {
  const widget = quickInput(page);
  const input = widget.locator('input');
  await input.waitFor({ state: 'visible' });
  await waitUntil(async () => (await input.inputValue()) !== '', 'the save dialog shows its default path', { everyMs: 100 });
  // It may fill in its default more than once: type again until the path stays put for 300 ms.
  await waitUntil(
    async () => {
      if ((await input.inputValue()) !== path) await input.fill(path);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return (await input.inputValue()) === path;
    },
    `the save dialog holds ${path}`,
    { everyMs: 100 },
  );
  await input.press('Enter');
  await widget.waitFor({ state: 'hidden' });
}

export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/** A notification toast whose message contains `text`. */
export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notification-toast', { hasText: text });
}

/**
 * The content of a webview (panel or view): VS Code puts it two iframes deep. With several
 * webviews open, pass `title` to pick the one whose outer frame carries it (`iframe.webview`
 * has the extension's view type in its `src` and the title in its `title` attribute).
 */
export function webviewFrame(page: Page, title?: string): FrameLocator {
  const outer = title === undefined ? page.locator('iframe.webview').first() : page.locator(`iframe.webview[title="${title}"]`);
  return outer.contentFrame().frameLocator('#active-frame');
}

/** Saves a PNG under test/e2e/artifacts/ (gitignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = join(artifactsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  // Finishes CSS transitions (a notification sliding in) so the picture shows the end state.
  await page.screenshot({ path: file, animations: 'disabled' });
  return file;
}

/**
 * Writes a failed attempt's errors beside its logs (`dir`/errors.txt): with the retry, vitest
 * reports only the last attempt, so a first attempt's failure is otherwise lost.
 */
export function saveErrors(dir: string, errors: ReadonlyArray<{ message: string; stack?: string }> | undefined): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'errors.txt'), (errors ?? []).map((e) => e.stack ?? e.message).join('\n\n'));
}
