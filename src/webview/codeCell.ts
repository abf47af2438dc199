// A cell node's detail, as the engine writes it (src/engine/reply/turn.ts): the code, then a
// "--- output ---" marker and what the cell printed. Drawn as highlighted code above plain output.
import { h } from './dom.js';
import { highlightedCode } from './highlight.js';

const OUTPUT_MARKER = /\n\n--- output(?: \(repeat\))? ---\n/;

export interface CellParts {
  code: string;
  output?: string;
}

export function splitCellDetail(detail: string): CellParts {
  const marker = OUTPUT_MARKER.exec(detail);
  if (!marker) return { code: detail };
  return { code: detail.slice(0, marker.index), output: detail.slice(marker.index + marker[0].length) };
}

export function cellDetail(doc: Document, detail: string): HTMLElement {
  const { code, output } = splitCellDetail(detail);
  return h(
    doc,
    'div',
    { class: 'cell-detail' },
    h(doc, 'pre', { class: 'cell-code', 'aria-label': 'Code', 'data-testid': 'cell-code' }, highlightedCode(doc, code)),
    output !== undefined && h(doc, 'pre', { class: 'cell-output', 'aria-label': 'Output' }, output),
  );
}
