// The buttons both views of a run draw (the side panel and the editor tab): Cancel while it runs,
// Export trace. Each view wires their clicks to its own host.
import { h, icon } from './dom.js';

export function cancelButton(doc: Document): HTMLButtonElement {
  return h(
    doc,
    'button',
    { type: 'button', class: 'secondary', hidden: '', 'data-testid': 'cancel' },
    icon(doc, 'debug-stop'),
    ' Cancel',
  ) as HTMLButtonElement;
}

export function exportButton(doc: Document): HTMLButtonElement {
  return h(
    doc,
    'button',
    { type: 'button', class: 'secondary', title: 'Export this run’s call tree as JSONL' },
    icon(doc, 'save'),
    ' Export trace',
  ) as HTMLButtonElement;
}
