import { describe, expect, it } from 'vitest';
import type { TraceNode } from '../../src/protocol/trace.js';
import { TraceTree } from '../../src/webview/traceTree.js';

const node = (id: string, extra: Partial<TraceNode> = {}): TraceNode => ({
  id,
  depth: 0,
  kind: 'turn',
  label: id,
  startMs: 0,
  status: 'running',
  ...extra,
});

describe('TraceTree', () => {
  it('builds the tree from start events and completes nodes with updates', () => {
    const tree = new TraceTree();
    tree.apply({ type: 'start', node: node('n1', { kind: 'rlm' }) });
    tree.apply({ type: 'start', node: node('n2', { parentId: 'n1' }) });
    tree.apply({ type: 'start', node: node('n3', { parentId: 'n2', kind: 'llm' }) });
    tree.apply({ type: 'start', node: node('n4', { parentId: 'n1' }) });
    expect(tree.roots().map((n) => n.id)).toEqual(['n1']);
    expect(tree.children('n1').map((n) => n.id)).toEqual(['n2', 'n4']);
    expect(
      tree.apply({ type: 'update', id: 'n3', changes: { status: 'ok', endMs: 5, inputTokens: 100, outputTokens: 20, costUsd: 0.01 } }),
    ).toBe(true);
    expect(tree.get('n3')).toMatchObject({ status: 'ok', endMs: 5, inputTokens: 100 });
    expect(tree.totals('n1')).toMatchObject({ inputTokens: 100, outputTokens: 20, costUsd: 0.01, calls: 1, running: 3 });
  });

  it('drops updates for unknown nodes, repeated starts and late "running" statuses without throwing', () => {
    const tree = new TraceTree();
    expect(tree.apply({ type: 'update', id: 'ghost', changes: { status: 'ok' } })).toBe(false);
    tree.apply({ type: 'start', node: node('n1') });
    expect(tree.apply({ type: 'start', node: node('n1', { label: 'again' }) })).toBe(false);
    tree.apply({ type: 'update', id: 'n1', changes: { status: 'ok', endMs: 9 } });
    tree.apply({ type: 'update', id: 'n1', changes: { status: 'running', detail: 'late' } });
    expect(tree.get('n1')).toMatchObject({ label: 'n1', status: 'ok', endMs: 9, detail: 'late' });
    expect(tree.droppedEvents).toBe(2);
    expect(tree.size).toBe(1);
  });

  it('shows a child whose parent has not started as a root, then moves it under the parent', () => {
    const tree = new TraceTree();
    tree.apply({ type: 'start', node: node('c', { parentId: 'p' }) });
    expect(tree.roots().map((n) => n.id)).toEqual(['c']);
    tree.apply({ type: 'start', node: node('p') });
    expect(tree.roots().map((n) => n.id)).toEqual(['p']);
    expect(tree.children('p').map((n) => n.id)).toEqual(['c']);
  });

  it('counts cache hits as calls that cost nothing, like RunStats', () => {
    const tree = TraceTree.from([
      node('r', { kind: 'rlm' }),
      node('a', { parentId: 'r', kind: 'llm', status: 'cached', inputTokens: 50, outputTokens: 5 }),
      node('b', { parentId: 'r', kind: 'llm', status: 'ok', inputTokens: 10, outputTokens: 1, costUsd: 0.5 }),
    ]);
    expect(tree.totals()).toEqual({ inputTokens: 10, outputTokens: 1, costUsd: 0.5, calls: 2, cached: 1, running: 1 });
  });
});
