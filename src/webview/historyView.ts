// What the panel draws for the history: its heading, named for the workspace it belongs to, and
// the note that stands in for a past run's tree when the history no longer holds it.
import { h, icon } from './dom.js';

/** "History · my-project": each workspace has its own. */
export function historyHeading(workspace: string | undefined): string {
  return workspace ? `History · ${workspace}` : 'History';
}

/** In place of "No calls yet.": why this past run has no tree. */
export function treeNote(doc: Document, note: string): HTMLElement {
  return h(doc, 'p', { class: 'empty tree-note', 'data-testid': 'tree-note' }, icon(doc, 'info'), ` ${note}`);
}
