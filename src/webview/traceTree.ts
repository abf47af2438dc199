// The call tree of one run, built incrementally from trace events. Pure data, no DOM: the
// view asks it for children and subtree totals. Events that make no sense (an update for a
// node never started, a second start of one id, a settled node going back to running) are
// dropped rather than thrown, since a stale or reordered message must not break the panel.
import type { TraceEvent, TraceNode } from '../protocol/trace.js';

export interface SubtreeTotals {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Model calls in the subtree (llm nodes), cached ones included. */
  calls: number;
  cached: number;
  running: number;
}

export class TraceTree {
  private readonly nodes = new Map<string, TraceNode>();
  /** Child ids per parent id in start order; '' holds the nodes without a parent. */
  private readonly childIds = new Map<string, string[]>();
  private dropped = 0;

  static from(nodes: readonly TraceNode[]): TraceTree {
    const tree = new TraceTree();
    for (const node of nodes) tree.apply({ type: 'start', node });
    return tree;
  }

  /** Applies one event; false when it was dropped. */
  apply(event: TraceEvent): boolean {
    if (event.type === 'start') return this.start(event.node);
    const node = this.nodes.get(event.id);
    if (!node) return this.drop();
    // The tree's shape is fixed at start; a late status must not revive a settled node.
    const changes = { ...event.changes };
    delete changes.parentId;
    delete changes.depth;
    if (changes.status === 'running' && node.status !== 'running') delete changes.status;
    Object.assign(node, changes);
    return true;
  }

  get(id: string): TraceNode | undefined {
    return this.nodes.get(id);
  }

  get size(): number {
    return this.nodes.size;
  }

  /** Events dropped so far (shown nowhere; for tests and debugging). */
  get droppedEvents(): number {
    return this.dropped;
  }

  /** Top-level nodes: those without a parent, and orphans whose parent has not (yet) started. */
  roots(): TraceNode[] {
    const roots: TraceNode[] = [];
    for (const node of this.nodes.values()) if (!node.parentId || !this.nodes.has(node.parentId)) roots.push(node);
    return roots;
  }

  children(id: string): TraceNode[] {
    return (this.childIds.get(id) ?? []).map((c) => this.nodes.get(c)!);
  }

  hasChildren(id: string): boolean {
    return (this.childIds.get(id)?.length ?? 0) > 0;
  }

  /** Tokens, cost and calls of a node and everything under it. A cache hit costs nothing, as in RunStats. */
  totals(id?: string): SubtreeTotals {
    const sum: SubtreeTotals = { inputTokens: 0, outputTokens: 0, costUsd: 0, calls: 0, cached: 0, running: 0 };
    const stack = id === undefined ? this.roots() : [this.nodes.get(id)].filter((n): n is TraceNode => !!n);
    while (stack.length) {
      const node = stack.pop()!;
      if (node.status === 'running') sum.running++;
      if (node.kind === 'llm') {
        sum.calls++;
        if (node.status === 'cached') sum.cached++;
      }
      if (node.status !== 'cached') {
        sum.inputTokens += node.inputTokens ?? 0;
        sum.outputTokens += node.outputTokens ?? 0;
        sum.costUsd += node.costUsd ?? 0;
      }
      stack.push(...this.children(node.id));
    }
    return sum;
  }

  all(): TraceNode[] {
    return [...this.nodes.values()];
  }

  private start(node: TraceNode): boolean {
    if (this.nodes.has(node.id)) return this.drop();
    this.nodes.set(node.id, { ...node });
    if (node.parentId) {
      const siblings = this.childIds.get(node.parentId) ?? [];
      siblings.push(node.id);
      this.childIds.set(node.parentId, siblings);
    }
    return true;
  }

  private drop(): false {
    this.dropped++;
    return false;
  }
}
