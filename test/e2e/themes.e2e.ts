// The panel in the light, dark and high-contrast themes: the answer, a citation and the tree's
// text keep a readable contrast against the panel background (WCAG 4.5:1), and codicons render.
// One window: it opens in the first theme, and each next one is picked with "Preferences: Color
// Theme", which the workbench and the panel follow live (a window per theme cost a code-server
// and workbench start each).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fillInputBox, quickInput, runCommand, screenshot } from './browser';
import { byTestId, js, keepEvidenceOnFailure, kindOf, panel, startRlmSession, waitForStatus, type RlmSession } from './rlmE2e';

/** Name, id (the setting's value) and the label the theme picker shows. */
const THEMES = [
  ['light', 'Default Light Modern', 'Light Modern'],
  ['dark', 'Default Dark Modern', 'Dark Modern'],
  ['high-contrast', 'Default High Contrast', 'Dark High Contrast'],
] as const;

/** WCAG relative luminance of an `rgb(r, g, b)` / `rgba(…)` colour. */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

interface Colours {
  text: string;
  link: string;
  row: string;
  background: string;
  iconFont: string;
}

/** The answer's, a citation's and a tree row's colours, the first opaque background behind the answer, and the icon font. */
const READ_COLOURS = new Function(
  'answer',
  `
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const bg = getComputedStyle(node).backgroundColor;
      if (bg && !/rgba\\(\\d+, \\d+, \\d+, 0\\)|transparent/.test(bg)) return bg;
    }
    return getComputedStyle(document.body).backgroundColor;
  };
  const link = answer.querySelector('a');
  const row = document.querySelector('[data-testid="call-tree"] [role="treeitem"]');
  const icon = document.querySelector('.codicon');
  return {
    text: getComputedStyle(answer).color,
    link: link ? getComputedStyle(link).color : '',
    row: row ? getComputedStyle(row).color : '',
    background: background(answer),
    iconFont: icon ? getComputedStyle(icon, '::before').fontFamily : '',
  };`,
) as (answer: unknown) => Colours;

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Picks the theme labelled `label` in the theme picker (the row with exactly that label). */
async function pickTheme(page: Page, label: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  const widget = quickInput(page);
  await widget.locator('input').fill(label);
  await widget
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) })
    .first()
    .click();
  await widget.waitFor({ state: 'hidden' });
}

describe('the panel in every theme', () => {
  let session: RlmSession | undefined;
  beforeAll(async () => {
    session = await startRlmSession({ 'workbench.colorTheme': THEMES[0][1] });
  });
  afterAll(async () => {
    await session?.close();
  });

  test.each(THEMES)('%s theme stays readable', async (name, theme, label) => {
    keepEvidenceOnFailure(() => session, `theme-${name}`);
    const s = session!;
    const { page } = s;
    if (theme !== THEMES[0][1]) await pickTheme(page, label);
    s.setPolicy((request) =>
      kindOf(request) === 'sub'
        ? 'yes'
        : js('await llm("Is this the place?", read("src/util/math.ts"));\nFINAL("multiply is in src/util/math.ts:5")'),
    );

    const question = `Where is multiply? (${name})`;
    await runCommand(page, 'Ask RLM about workspace');
    await fillInputBox(page, question);
    const frame = panel(page);
    // This run, not the one the previous theme left in the panel, and drawn in this theme.
    await expect.poll(() => byTestId(frame, 'run-question').textContent()).toContain(question);
    await waitForStatus(frame, 'Done');
    await frame.locator(`body[data-vscode-theme-id="${theme}"]`).waitFor({ state: 'attached', timeout: 30_000 });

    // Runs in the webview (built from text: this file is type-checked without DOM types).
    const colours = await byTestId(frame, 'answer').evaluate(READ_COLOURS);
    expect(contrast(colours.text, colours.background), JSON.stringify(colours)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(colours.link, colours.background), JSON.stringify(colours)).toBeGreaterThanOrEqual(3);
    expect(contrast(colours.row, colours.background), JSON.stringify(colours)).toBeGreaterThanOrEqual(4.5);
    expect(colours.iconFont).toContain('codicon');
    await screenshot(page, `theme-${name}`);
  });
});
