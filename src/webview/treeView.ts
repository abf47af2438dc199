// Draws a TraceTree as an ARIA tree (nested role=tree/group lists, one roving tab stop) and
// handles its keys: Up/Down move, Right opens or enters, Left closes or goes to the parent,
// Enter/Space toggle, Home/End jump. Re-rendered whole on change; focus is kept by node id.
import type { TraceKind, TraceNode, TraceStatus } from '../protocol/trace.js';
import { cellDetail } from './codeCell.js';
import { h, icon } from './dom.js';
import { formatCost, formatMs, formatTokens } from './format.js';
import type { TraceTree } from './traceTree.js';

const KIND_ICON: Record<TraceKind, string> = { rlm: 'hubot', turn: 'comment-discussion', cell: 'terminal', tool: 'tools', llm: 'sparkle' };
const STATUS_ICON: Record<TraceStatus, string> = {
  running: 'loading codicon-modifier-spin',
  ok: 'pass',
  error: 'error',
  cancelled: 'circle-slash',
  cached: 'database',
};
const KIND_TEXT: Record<TraceKind, string> = { rlm: 'RLM', turn: 'turn', cell: 'cell', tool: 'tool', llm: 'LLM' };

export interface TreeViewOptions {
  /** Explicit open/closed choices by node id; nodes not listed follow `openByDefault`. */
  open: Map<string, boolean>;
  onToggle(id: string, open: boolean): void;
  /** The active (selected) node changed by a click or a key. */
  onActivate?(id: string): void;
}

export function openByDefault(node: TraceNode): boolean {
  return node.kind === 'rlm';
}

export class TreeView {
  private tree: TraceTree | undefined;
  private activeId: string | undefined;

  constructor(
    readonly root: HTMLElement,
    private readonly options: TreeViewOptions,
  ) {
    root.addEventListener('keydown', (e) => this.onKey(e));
    root.addEventListener('click', (e) => this.onClick(e));
  }

  render(tree: TraceTree): void {
    this.tree = tree;
    const doc = this.root.ownerDocument;
    const hadFocus =
      this.root.contains(doc.activeElement) && (doc.activeElement as HTMLElement | null)?.getAttribute('role') === 'treeitem';
    const roots = tree.roots();
    if (!this.activeId || !tree.get(this.activeId)) this.activeId = roots[0]?.id;
    const list = h(doc, 'ul', { role: 'tree', 'aria-label': 'Call tree', class: 'tree' }, ...roots.map((n) => this.item(n, 1)));
    this.root.replaceChildren(roots.length ? list : h(doc, 'p', { class: 'empty' }, 'No calls yet.'));
    if (hadFocus) this.itemEl(this.activeId)?.focus();
  }

  isOpen(node: TraceNode): boolean {
    return this.options.open.get(node.id) ?? openByDefault(node);
  }

  private item(node: TraceNode, level: number): HTMLElement {
    const doc = this.root.ownerDocument;
    const tree = this.tree!;
    const expandable = tree.hasChildren(node.id) || !!node.detail || !!node.refs?.length;
    const open = expandable && this.isOpen(node);
    const li = h(doc, 'li', {
      role: 'treeitem',
      'aria-level': String(level),
      'aria-expanded': expandable ? String(open) : undefined,
      'data-id': node.id,
      tabindex: node.id === this.activeId ? '0' : '-1',
      class: `node kind-${node.kind} status-${node.status}${node.id === this.activeId ? ' active' : ''}`,
    });
    li.append(this.row(node, expandable, open));
    if (open) {
      if (node.refs?.length || node.detail) li.append(this.detail(node));
      const children = tree.children(node.id);
      if (children.length) li.append(h(doc, 'ul', { role: 'group' }, ...children.map((c) => this.item(c, level + 1))));
    }
    return li;
  }

  private row(node: TraceNode, expandable: boolean, open: boolean): HTMLElement {
    const doc = this.root.ownerDocument;
    const totals = this.tree!.totals(node.id);
    const own = node.inputTokens !== undefined || node.outputTokens !== undefined;
    // A model call shows its own usage; a container shows what its subtree spent.
    const tokensIn = own ? (node.inputTokens ?? 0) : totals.inputTokens;
    const tokensOut = own ? (node.outputTokens ?? 0) : totals.outputTokens;
    const cost = node.costUsd ?? (own ? 0 : totals.costUsd);
    const metrics: string[] = [];
    if (tokensIn || tokensOut) metrics.push(`${formatTokens(tokensIn)} in · ${formatTokens(tokensOut)} out`);
    if (cost) metrics.push(formatCost(cost));
    if (node.endMs !== undefined) metrics.push(formatMs(node.endMs - node.startMs));
    return h(
      doc,
      'div',
      { class: 'row', title: node.model ? `${node.label} (${node.model})` : node.label },
      icon(doc, expandable ? (open ? 'chevron-down' : 'chevron-right') : 'blank', 'twisty'),
      icon(doc, KIND_ICON[node.kind], 'kind-icon'),
      h(doc, 'span', { class: 'kind' }, KIND_TEXT[node.kind]),
      h(doc, 'span', { class: 'label' }, node.label),
      h(
        doc,
        'span',
        { class: `status status-${node.status}` },
        icon(doc, STATUS_ICON[node.status]),
        h(doc, 'span', { class: 'status-text' }, node.status),
      ),
      metrics.length > 0 && h(doc, 'span', { class: 'metrics' }, metrics.join(' · ')),
    );
  }

  private detail(node: TraceNode): HTMLElement {
    const doc = this.root.ownerDocument;
    const refs = node.refs?.length
      ? h(
          doc,
          'div',
          { class: 'refs' },
          'Read: ',
          ...node.refs.flatMap((r, i) => [
            i > 0 ? ', ' : '',
            h(
              doc,
              'a',
              { href: '#', class: 'citation', 'data-path': r.path, 'data-line': String(r.startLine) },
              `${r.path}:${r.startLine}${r.endLine > r.startLine ? `-${r.endLine}` : ''}`,
            ),
          ]),
        )
      : undefined;
    const heading = node.kind === 'cell' ? 'Code and output' : node.kind === 'llm' ? 'Prompt and answer' : 'Detail';
    const body = !node.detail
      ? undefined
      : node.kind === 'cell'
        ? cellDetail(doc, node.detail)
        : h(doc, 'pre', { 'aria-label': heading }, node.detail);
    return h(doc, 'div', { class: 'detail' }, refs, body);
  }

  private onClick(e: Event): void {
    const target = e.target as HTMLElement;
    if (target.closest('a, pre')) return;
    const row = target.closest('.row');
    const li = row?.parentElement;
    if (!li || !this.root.contains(li)) return;
    this.setActive(li.dataset.id);
    this.toggle(li.dataset.id);
  }

  private onKey(e: KeyboardEvent): void {
    const li = e.target as HTMLElement;
    if (li.getAttribute('role') !== 'treeitem' || !this.tree) return;
    const id = li.dataset.id!;
    const node = this.tree.get(id);
    if (!node) return;
    const expandable = li.hasAttribute('aria-expanded');
    const open = li.getAttribute('aria-expanded') === 'true';
    const visible = [...this.root.querySelectorAll<HTMLElement>('[role="treeitem"]')];
    const at = visible.indexOf(li);
    let next: string | undefined;
    switch (e.key) {
      case 'ArrowDown':
        next = visible[at + 1]?.dataset.id;
        break;
      case 'ArrowUp':
        next = visible[at - 1]?.dataset.id;
        break;
      case 'Home':
        next = visible[0]?.dataset.id;
        break;
      case 'End':
        next = visible[visible.length - 1]?.dataset.id;
        break;
      case 'ArrowRight':
        if (expandable && !open) this.toggle(id);
        else next = this.tree.children(id)[0]?.id;
        break;
      case 'ArrowLeft':
        if (expandable && open) this.toggle(id);
        else next = node.parentId && this.tree.get(node.parentId) ? node.parentId : undefined;
        break;
      case 'Enter':
      case ' ':
        if (expandable) this.toggle(id);
        break;
      default:
        return;
    }
    e.preventDefault();
    if (next) {
      this.setActive(next);
      this.itemEl(next)?.focus();
    }
  }

  /** Selects a node from outside (the timeline): opens its ancestors, marks it and scrolls it into view. */
  reveal(id: string): void {
    const tree = this.tree;
    const node = tree?.get(id);
    if (!tree || !node) return;
    for (let up = node.parentId; up !== undefined && tree.get(up); up = tree.get(up)!.parentId) this.options.open.set(up, true);
    this.activeId = id;
    this.render(tree);
    this.itemEl(id)?.scrollIntoView({ block: 'nearest' });
  }

  private toggle(id: string | undefined): void {
    const node = id ? this.tree?.get(id) : undefined;
    if (!node) return;
    const open = !this.isOpen(node);
    this.options.open.set(node.id, open);
    this.options.onToggle(node.id, open);
    this.render(this.tree!);
    this.itemEl(node.id)?.focus();
  }

  private setActive(id: string | undefined): void {
    if (!id) return;
    const before = this.itemEl(this.activeId);
    before?.setAttribute('tabindex', '-1');
    before?.classList.remove('active');
    this.activeId = id;
    const now = this.itemEl(id);
    now?.setAttribute('tabindex', '0');
    now?.classList.add('active');
    this.options.onActivate?.(id);
  }

  private itemEl(id: string | undefined): HTMLElement | null {
    if (!id) return null;
    for (const el of this.root.querySelectorAll<HTMLElement>('[role="treeitem"]')) if (el.dataset.id === id) return el;
    return null;
  }
}
