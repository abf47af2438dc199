// A tiny element builder: text only ever goes in as text nodes, never as markup.

export type Child = Node | string | false | undefined;

export function h(doc: Document, tag: string, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) el.setAttribute(name, value);
  for (const child of children) if (child !== false && child !== undefined) el.append(child);
  return el;
}

/** A decorative codicon; the text beside it carries the meaning. */
export function icon(doc: Document, name: string, extra = ''): HTMLElement {
  return h(doc, 'span', { class: `codicon codicon-${name} ${extra}`.trim(), 'aria-hidden': 'true' });
}
