// Syntax highlighting for code cells: highlight.js core with only the two languages models write
// cells in, so the webview bundles stay small. Its output is escaped text in <span class="hljs-…">,
// coloured by theme variables in media/panel.css; no inline styles, so the strict CSP holds.
import hljs from 'highlight.js/lib/core';
import javascript from 'highlight.js/lib/languages/javascript';
import typescript from 'highlight.js/lib/languages/typescript';
import { h } from './dom.js';

hljs.registerLanguage('javascript', javascript);
hljs.registerLanguage('typescript', typescript);

export type CodeLanguage = 'javascript' | 'typescript';

/** A <code> element holding `code` highlighted (TypeScript by default: a superset of what cells run). */
export function highlightedCode(doc: Document, code: string, language: CodeLanguage = 'typescript'): HTMLElement {
  const el = h(doc, 'code', { class: `hljs language-${language}` });
  // Safe: highlight.js escapes the source; the markup it adds is only its own spans.
  el.innerHTML = hljs.highlight(code, { language, ignoreIllegals: true }).value;
  return el;
}
