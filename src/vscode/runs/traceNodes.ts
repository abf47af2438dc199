// The call tree rebuilt from trace events, so a run that failed or was cancelled half-way still
// has its partial tree for the panel, the history and the export.
import type { TraceEvent, TraceNode, TraceRef } from '../../protocol/trace.js';

export class TraceNodes {
  private readonly nodes = new Map<string, TraceNode>();

  apply(event: TraceEvent): void {
    if (event.type === 'start') this.nodes.set(event.node.id, { ...event.node });
    else {
      const node = this.nodes.get(event.id);
      if (node) Object.assign(node, event.changes);
    }
  }

  all(): TraceNode[] {
    return [...this.nodes.values()].map((n) => ({ ...n }));
  }

  toJsonl(): string {
    return this.all()
      .map((n) => JSON.stringify(n))
      .join('\n')
      .concat(this.nodes.size ? '\n' : '');
  }

  /** Files the run read, in first-read order, each with the lines it read merged into one span. */
  refs(): TraceRef[] {
    const byPath = new Map<string, TraceRef>();
    for (const node of this.nodes.values()) {
      for (const ref of node.refs ?? []) {
        const seen = byPath.get(ref.path);
        if (!seen) byPath.set(ref.path, { ...ref });
        else
          byPath.set(ref.path, {
            path: ref.path,
            startLine: Math.min(seen.startLine, ref.startLine),
            endLine: Math.max(seen.endLine, ref.endLine),
          });
      }
    }
    return [...byPath.values()];
  }
}
