// A failed run in the panel: one card that says what failed, written for VS Code, with the one
// button that fixes it (Set API Key, a setting, Retry). The host runs the action it decides
// from the run itself (vscode/panel), so the card only asks for it.
import { editorFailure } from '../common/editorFailure.js';
import type { RunSummary } from '../protocol/messages.js';
import { h, icon } from './dom.js';

/** `onFix` absent: no button (a view whose host cannot run the action). */
export function failureCard(doc: Document, run: RunSummary, onFix?: () => void): HTMLElement {
  const shown = run.failure ? editorFailure(run.failure) : undefined;
  const text = shown?.text ?? `The run failed: ${run.reason ?? 'unknown error'}`;
  const button =
    shown && onFix
      ? (h(
          doc,
          'button',
          { type: 'button', class: 'primary', 'data-testid': 'fix-failure', 'data-action': shown.action.kind },
          shown.action.label,
        ) as HTMLButtonElement)
      : undefined;
  if (button && onFix) button.addEventListener('click', onFix);
  return h(
    doc,
    'div',
    { class: 'notice error failure', role: 'alert', 'data-testid': 'failure' },
    h(doc, 'p', {}, icon(doc, 'error'), ` ${text}`),
    button,
  );
}
