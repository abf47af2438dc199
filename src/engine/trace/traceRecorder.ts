// Builds the trace tree of a run: hands out node ids, streams start/update events to whoever
// listens (panel, chat, CLI progress) and keeps the nodes for the JSONL export.
import type { TraceEvent, TraceKind, TraceNode } from '../../protocol/trace.js';

export class TraceRecorder {
  private readonly nodes = new Map<string, TraceNode>();
  private next = 1;

  constructor(
    private readonly now: () => number,
    private readonly listener?: (event: TraceEvent) => void,
  ) {}

  start(kind: TraceKind, label: string, parent: TraceNode | undefined, extra: Partial<TraceNode> = {}): TraceNode {
    const node: TraceNode = {
      id: `n${this.next++}`,
      ...(parent ? { parentId: parent.id } : {}),
      depth: parent ? parent.depth + (kind === 'rlm' ? 1 : 0) : 0,
      kind,
      label,
      startMs: this.now(),
      status: 'running',
      ...extra,
    };
    this.nodes.set(node.id, node);
    this.listener?.({ type: 'start', node: { ...node } });
    return node;
  }

  update(node: TraceNode, changes: Partial<Omit<TraceNode, 'id'>>): void {
    Object.assign(node, changes);
    this.listener?.({ type: 'update', id: node.id, changes });
  }

  end(node: TraceNode, status: TraceNode['status'], changes: Partial<Omit<TraceNode, 'id'>> = {}): void {
    if (node.endMs !== undefined) return;
    this.update(node, { ...changes, status, endMs: this.now() });
  }

  /** Ends every node still running (after an abort: cancelled; after a failure: error). */
  endOpen(status: 'cancelled' | 'error'): void {
    for (const node of this.nodes.values()) if (node.endMs === undefined) this.end(node, status);
  }

  all(): TraceNode[] {
    return [...this.nodes.values()].map((n) => ({ ...n }));
  }

  toJsonl(): string {
    return (
      this.all()
        .map((n) => JSON.stringify(n))
        .join('\n') + '\n'
    );
  }
}
