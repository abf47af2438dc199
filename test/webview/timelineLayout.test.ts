import { describe, expect, it } from 'vitest';
import type { TraceNode } from '../../src/protocol/trace.js';
import { layoutTimeline, type TimelineLayout, type TrackKind } from '../../src/webview/timelineLayout.js';
import { TraceTree } from '../../src/webview/traceTree.js';

const T0 = 1_767_000_000_000; // a Date.now()-sized clock, as in real runs

const node = (id: string, parentId: string | undefined, kind: TraceNode['kind'], start: number, end?: number): TraceNode => ({
  id,
  ...(parentId ? { parentId } : {}),
  depth: 0,
  kind,
  label: id,
  startMs: T0 + start,
  ...(end !== undefined ? { endMs: T0 + end } : {}),
  status: end === undefined ? 'running' : 'ok',
});

/** A root RLM whose turn 1 asks the model, then runs one cell that fans three llm() calls out in parallel. */
function fanOutRun(): TraceNode[] {
  return [
    node('rlm', undefined, 'rlm', 0, 1000),
    node('t1', 'rlm', 'turn', 0, 1000),
    node('root1', 't1', 'llm', 0, 200),
    node('c1', 't1', 'cell', 200, 900),
    node('s1', 'c1', 'llm', 210, 600),
    node('s2', 'c1', 'llm', 220, 850),
    node('s3', 'c1', 'llm', 230, 500),
    // Starts after s3 ended: fits in s3's lane.
    node('s4', 'c1', 'llm', 500, 880),
  ];
}

const lanesOf = (layout: TimelineLayout, track: TrackKind, section = 0) =>
  layout.sections[section]!.tracks.find((t) => t.kind === track)?.lanes.map((lane) => lane.bars.map((b) => b.id)) ?? [];

describe('layoutTimeline', () => {
  it('puts turns, model calls, cells and sub-calls on their own tracks, overlapping sub-calls in separate lanes', () => {
    const layout = layoutTimeline(fanOutRun(), T0 + 5000);
    expect(layout.sections).toHaveLength(1);
    expect(layout.sections[0]!.tracks.map((t) => t.kind)).toEqual(['turns', 'model', 'cells', 'sub-calls']);
    expect(lanesOf(layout, 'turns')).toEqual([['t1']]);
    expect(lanesOf(layout, 'model')).toEqual([['root1']]);
    expect(lanesOf(layout, 'sub-calls')).toEqual([['s1'], ['s2'], ['s3', 's4']]);
    const subCalls = layout.sections[0]!.tracks[3]!;
    expect(subCalls.peak).toBe(3);
    expect(subCalls.lanes.map((l) => l.title)).toEqual(['sub-calls', undefined, undefined]);
  });

  it('places bars as fractions of the run span', () => {
    const layout = layoutTimeline(fanOutRun(), T0 + 5000);
    expect(layout.startMs).toBe(T0);
    expect(layout.spanMs).toBe(1000);
    const s2 = layout.sections[0]!.tracks[3]!.lanes[1]!.bars[0]!;
    expect(s2).toMatchObject({ id: 's2', offset: 0.22, durationMs: 630, open: false });
    expect(s2.width).toBeCloseTo(0.63);
    expect(layout.ticks.map((t) => t.ms)).toEqual([0, 200, 400, 600, 800, 1000]);
  });

  it('a bar that ends where another starts shares its lane; two at the same instant do not', () => {
    const layout = layoutTimeline(
      [
        node('rlm', undefined, 'rlm', 0, 100),
        node('c', 'rlm', 'cell', 0, 100),
        node('a', 'c', 'llm', 0, 50),
        node('b', 'c', 'llm', 50, 100),
        node('x', 'c', 'llm', 60, 60),
        node('y', 'c', 'llm', 60, 60),
      ],
      T0 + 100,
    );
    expect(lanesOf(layout, 'sub-calls')).toEqual([['a', 'b'], ['x'], ['y']]);
  });

  it('keeps a running bar in its lane even when the clock has not moved past the next start', () => {
    const layout = layoutTimeline(
      [node('rlm', undefined, 'rlm', 0), node('c', 'rlm', 'cell', 0), node('a', 'c', 'llm', 10), node('b', 'c', 'llm', 20)],
      T0 + 20,
    );
    expect(lanesOf(layout, 'sub-calls')).toEqual([['a'], ['b']]);
  });

  it('gives a child RLM its own section and draws its bar among the parent’s sub-calls', () => {
    const layout = layoutTimeline(
      [
        node('rlm', undefined, 'rlm', 0, 1000),
        node('t1', 'rlm', 'turn', 0, 1000),
        node('c1', 't1', 'cell', 100, 900),
        { ...node('child', 'c1', 'rlm', 150, 850), depth: 1, label: 'Summarise src/util' },
        node('ct1', 'child', 'turn', 150, 850),
        node('cm1', 'ct1', 'llm', 150, 300),
        node('cc1', 'ct1', 'cell', 300, 800),
        node('cs1', 'cc1', 'llm', 310, 700),
      ],
      T0 + 1000,
    );
    expect(layout.sections.map((s) => [s.rlmId, s.label, s.depth])).toEqual([
      ['rlm', 'rlm', 0],
      ['child', 'Summarise src/util', 1],
    ]);
    expect(lanesOf(layout, 'sub-calls', 0)).toEqual([['child']]);
    expect(lanesOf(layout, 'model', 1)).toEqual([['cm1']]);
    expect(lanesOf(layout, 'sub-calls', 1)).toEqual([['cs1']]);
  });

  it('follows a live run: running bars reach now, and an update fixes their end', () => {
    const tree = new TraceTree();
    for (const n of fanOutRun()
      .slice(0, 7)
      .map((n) => ({ ...n, status: 'running' as const, endMs: undefined })))
      tree.apply({ type: 'start', node: n });
    tree.apply({ type: 'update', id: 'root1', changes: { status: 'ok', endMs: T0 + 200 } });

    const at400 = layoutTimeline(tree.all(), T0 + 400);
    expect(at400.spanMs).toBe(400);
    const running = at400.sections[0]!.tracks[3]!.lanes.map((l) => l.bars[0]!);
    expect(running.map((b) => [b.id, b.open, b.durationMs])).toEqual([
      ['s1', true, 190],
      ['s2', true, 180],
      ['s3', true, 170],
    ]);
    expect(running[0]!.offset + running[0]!.width).toBeCloseTo(1);

    tree.apply({ type: 'update', id: 's3', changes: { status: 'ok', endMs: T0 + 500 } });
    tree.apply({ type: 'start', node: node('s4', 'c1', 'llm', 500) });
    const at800 = layoutTimeline(tree.all(), T0 + 800);
    expect(at800.spanMs).toBe(800);
    expect(lanesOf(at800, 'sub-calls')).toEqual([['s1'], ['s2'], ['s3', 's4']]);
    const s3 = at800.sections[0]!.tracks[3]!.lanes[2]!.bars[0]!;
    expect([s3.open, s3.durationMs]).toEqual([false, 270]);
  });

  it('sums the cost of a track without cache hits', () => {
    const nodes = fanOutRun().map((n) =>
      n.id === 's1' ? { ...n, costUsd: 0.25 } : n.id === 's2' ? { ...n, costUsd: 0.5, status: 'cached' as const } : n,
    );
    expect(layoutTimeline(nodes, T0).sections[0]!.tracks[3]!.costUsd).toBe(0.25);
  });

  it('lays out an empty run without dividing by zero', () => {
    expect(layoutTimeline([], T0)).toEqual({
      startMs: T0,
      spanMs: 1,
      sections: [],
      ticks: [
        { offset: 0, ms: 0 },
        { offset: 1, ms: 1 },
      ],
    });
  });
});
