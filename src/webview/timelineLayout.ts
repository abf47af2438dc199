// Where the timeline draws each trace node: a pure function from the nodes (start order) and
// the current time to sections (one per RLM, the root first), tracks (turns, model calls, cells,
// sub-calls) and lanes. Nodes of one track that overlap in time go to separate lanes, so as many
// bars stand above each other as were in flight at once. Offsets are fractions of the run's span.
import type { TraceKind, TraceNode, TraceStatus } from '../protocol/trace.js';

export type TrackKind = 'turns' | 'model' | 'cells' | 'sub-calls';

export interface TimelineBar {
  id: string;
  kind: TraceKind;
  status: TraceStatus;
  label: string;
  /** Fractions of the span, 0–1. */
  offset: number;
  width: number;
  durationMs: number;
  /** Still running: the bar reaches `now` and grows. */
  open: boolean;
}

export interface TimelineLane {
  /** The track's name on its first lane only. */
  title?: string;
  track: TrackKind;
  bars: TimelineBar[];
}

export interface TimelineTrack {
  kind: TrackKind;
  lanes: TimelineLane[];
  /** Most bars of this track running at one instant (= its lane count). */
  peak: number;
  costUsd: number;
}

export interface TimelineSection {
  /** The RLM node (root or child); '' for nodes whose RLM has not started. */
  rlmId: string;
  label: string;
  depth: number;
  tracks: TimelineTrack[];
}

export interface TimelineTick {
  offset: number;
  ms: number;
}

export interface TimelineLayout {
  startMs: number;
  spanMs: number;
  sections: TimelineSection[];
  ticks: TimelineTick[];
}

const TRACK_ORDER: readonly TrackKind[] = ['turns', 'model', 'cells', 'sub-calls'];
const TRACK_TITLE: Record<TrackKind, string> = { turns: 'turns', model: 'model calls', cells: 'cells', 'sub-calls': 'sub-calls' };

export function layoutTimeline(nodes: readonly TraceNode[], now: number): TimelineLayout {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const endOf = (n: TraceNode) => Math.max(n.startMs, n.endMs ?? Math.max(now, n.startMs));
  const startMs = nodes.length ? Math.min(...nodes.map((n) => n.startMs)) : now;
  const endMs = nodes.length ? Math.max(...nodes.map(endOf)) : now;
  const spanMs = Math.max(1, endMs - startMs);

  const sections = new Map<string, { node?: TraceNode; tracks: Map<TrackKind, TraceNode[]> }>();
  const section = (rlmId: string) => {
    let s = sections.get(rlmId);
    if (!s) sections.set(rlmId, (s = { node: byId.get(rlmId), tracks: new Map() }));
    return s;
  };
  for (const node of nodes) {
    if (node.kind === 'rlm') section(node.id);
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    const track = trackOf(node, parent);
    if (!track) continue;
    const list = section(ownerRlm(node, byId)).tracks;
    list.set(track, [...(list.get(track) ?? []), node]);
  }

  const bar = (n: TraceNode): TimelineBar => ({
    id: n.id,
    kind: n.kind,
    status: n.status,
    label: n.label,
    offset: (n.startMs - startMs) / spanMs,
    width: (endOf(n) - n.startMs) / spanMs,
    durationMs: endOf(n) - n.startMs,
    open: n.endMs === undefined,
  });
  const laidOut: TimelineSection[] = [...sections.entries()].map(([rlmId, s]) => ({
    rlmId,
    label: s.node?.label ?? 'calls',
    depth: s.node?.depth ?? 0,
    tracks: TRACK_ORDER.filter((kind) => s.tracks.has(kind)).map((kind) => {
      const members = s.tracks.get(kind)!;
      const lanes = pack(members, endOf).map((lane, i): TimelineLane => ({
        ...(i === 0 ? { title: TRACK_TITLE[kind] } : {}),
        track: kind,
        bars: lane.map(bar),
      }));
      return {
        kind,
        lanes,
        peak: lanes.length,
        costUsd: members.reduce((sum, n) => sum + (n.status === 'cached' ? 0 : (n.costUsd ?? 0)), 0),
      };
    }),
  }));
  return { startMs, spanMs, sections: laidOut, ticks: ticks(spanMs) };
}

/** Which track a node is drawn on; undefined for an RLM that starts a section (the root). */
function trackOf(node: TraceNode, parent: TraceNode | undefined): TrackKind | undefined {
  switch (node.kind) {
    case 'turn':
      return 'turns';
    case 'cell':
      return 'cells';
    case 'llm':
      // The RLM's own completions hang under its turn (or itself); llm() calls under a cell.
      return !parent || parent.kind === 'turn' || parent.kind === 'rlm' ? 'model' : 'sub-calls';
    case 'rlm':
      return parent ? 'sub-calls' : undefined;
    case 'tool':
      return 'sub-calls';
  }
}

/** The nearest RLM above a node (a child RLM's own bar belongs to the RLM that started it). */
function ownerRlm(node: TraceNode, byId: ReadonlyMap<string, TraceNode>): string {
  let at = node.parentId ? byId.get(node.parentId) : undefined;
  for (let hops = 0; at && hops < 1000; hops++) {
    if (at.kind === 'rlm') return at.id;
    at = at.parentId ? byId.get(at.parentId) : undefined;
  }
  return node.kind === 'rlm' ? node.id : '';
}

/**
 * Interval partitioning: each node into the first lane whose last bar has ended by its start (a
 * bar may start where another ends) and started before it (two instants at once do not share).
 */
function pack(nodes: readonly TraceNode[], endOf: (n: TraceNode) => number): TraceNode[][] {
  const lanes: TraceNode[][] = [];
  const sorted = [...nodes].sort((a, b) => a.startMs - b.startMs);
  for (const node of sorted) {
    const free = lanes.find((lane) => {
      const last = lane[lane.length - 1]!;
      // A running bar holds its lane: whatever starts after it, starts while it runs.
      return last.endMs !== undefined && endOf(last) <= node.startMs && last.startMs < node.startMs;
    });
    if (free) free.push(node);
    else lanes.push([node]);
  }
  return lanes;
}

/** Round time marks (1, 2 or 5 × 10^k ms, at least 1 ms) that put about five ticks on the axis. */
function ticks(spanMs: number): TimelineTick[] {
  const rough = Math.max(1, spanMs / 5);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? rough;
  const out: TimelineTick[] = [];
  for (let i = 0; i * step <= spanMs; i++) out.push({ offset: (i * step) / spanMs, ms: i * step });
  return out;
}
