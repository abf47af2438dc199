// Fits the stored history into a size bound without losing whole entries first. Trees are what
// make it big, so they give way in steps, oldest entry first at each step: nodes' long texts are
// cut (to `cuts[0]` characters, then `cuts[1]`, …), then whole trees are dropped (the entry keeps
// a note saying so), and only then are the oldest entries themselves dropped.
import type { TraceNode } from '../../protocol/trace.js';
import type { RunRecord } from './runRecord.js';

export interface HistoryBound {
  /** The stored history's JSON size at most, in characters. */
  maxChars: number;
  /** The lengths a node's detail is cut to, in turn. */
  cuts: readonly number[];
}

export const DEFAULT_BOUND: HistoryBound = { maxChars: 1_500_000, cuts: [2_000, 300] };

export const TREE_DROPPED_NOTE = 'The call tree was dropped to keep the history within its size bound.';

const size = (record: RunRecord): number => JSON.stringify(record).length + 1;

/** The runs (newest first) as they fit in the bound; the input is not changed. */
export function fitToBound(runs: readonly RunRecord[], bound: HistoryBound = DEFAULT_BOUND): RunRecord[] {
  const fitted = [...runs];
  const sizes = fitted.map(size);
  let total = sizes.reduce((a, b) => a + b, 0);
  /** Applies `change` to entries oldest first until the history fits; true once it does. */
  const shrink = (change: (record: RunRecord) => RunRecord | undefined): boolean => {
    for (let i = fitted.length - 1; i >= 0 && total > bound.maxChars; i--) {
      const changed = change(fitted[i]);
      if (!changed) continue;
      fitted[i] = changed;
      const next = size(changed);
      total += next - sizes[i];
      sizes[i] = next;
    }
    return total <= bound.maxChars;
  };
  if (total <= bound.maxChars) return fitted;
  for (const limit of bound.cuts) if (shrink((r) => withTextsCut(r, limit))) return fitted;
  if (shrink(withoutTree)) return fitted;
  // Even without trees it is too big: the oldest entries go (the newest always stays).
  while (fitted.length > 1 && total > bound.maxChars) {
    fitted.pop();
    total -= sizes.pop() ?? 0;
  }
  return fitted;
}

/** The record with every node's detail cut to `limit` characters, or undefined when none was longer. */
function withTextsCut(record: RunRecord, limit: number): RunRecord | undefined {
  if (!record.trace?.some((n) => cutDetail(n, limit) !== n)) return undefined;
  return { ...record, trace: record.trace.map((n) => cutDetail(n, limit)) };
}

const CUT_MARK = /\n… \((\d+) more characters cut to keep the history small\)$/;

function cutDetail(node: TraceNode, limit: number): TraceNode {
  if (node.detail === undefined) return node;
  // A detail cut before keeps counting from its original length.
  const mark = CUT_MARK.exec(node.detail);
  const text = mark ? node.detail.slice(0, mark.index) : node.detail;
  const length = text.length + (mark ? Number(mark[1]) : 0);
  if (text.length <= limit) return node;
  return { ...node, detail: `${text.slice(0, limit)}\n… (${length - limit} more characters cut to keep the history small)` };
}

function withoutTree(record: RunRecord): RunRecord | undefined {
  if (!record.trace) return undefined;
  const rest = { ...record, traceNote: TREE_DROPPED_NOTE };
  delete rest.trace;
  return rest;
}
