// The panel in the light, dark and high-contrast themes: the answer, a citation and the tree's
// text keep a readable contrast against the panel background (WCAG 4.5:1), and codicons render.
import { afterEach, describe, expect, test } from 'vitest';
import { fillInputBox, runCommand, screenshot } from './browser';
import { byTestId, js, keepEvidenceOnFailure, kindOf, panel, startRlmSession, waitForStatus, type RlmSession } from './rlmE2e';

const THEMES = [
  ['light', 'Default Light Modern'],
  ['dark', 'Default Dark Modern'],
  ['high-contrast', 'Default High Contrast'],
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

describe('the panel in every theme', () => {
  let session: RlmSession | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  test.each(THEMES)('%s theme stays readable', async (name, theme) => {
    session = await startRlmSession({ 'workbench.colorTheme': theme });
    keepEvidenceOnFailure(() => session, `theme-${name}`);
    const { page } = session;
    session.setPolicy((request) =>
      kindOf(request) === 'sub'
        ? 'yes'
        : js('await llm("Is this the place?", read("src/util/math.ts"));\nFINAL("multiply is in src/util/math.ts:5")'),
    );

    await runCommand(page, 'Ask RLM about workspace');
    await fillInputBox(page, 'Where is multiply?');
    const frame = panel(page);
    await waitForStatus(frame, 'Done');

    // Runs in the webview (built from text: this file is type-checked without DOM types).
    const colours = await byTestId(frame, 'answer').evaluate(READ_COLOURS);
    expect(contrast(colours.text, colours.background), JSON.stringify(colours)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(colours.link, colours.background), JSON.stringify(colours)).toBeGreaterThanOrEqual(3);
    expect(contrast(colours.row, colours.background), JSON.stringify(colours)).toBeGreaterThanOrEqual(4.5);
    expect(colours.iconFont).toContain('codicon');
    await screenshot(page, `theme-${name}`);
  });
});
