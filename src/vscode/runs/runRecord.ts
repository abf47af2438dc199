// A finished run as the history keeps it and the panel re-opens it: the protocol's RunSummary
// plus the root model and the call tree.
import type { OutcomeStatus, RunSummary } from '../../protocol/messages.js';
import type { TraceNode } from '../../protocol/trace.js';
import type { MountedRoot } from '../workspacePaths.js';

export interface RunRecord extends RunSummary {
  status: OutcomeStatus;
  answer: string;
  /** The root model's name. */
  model: string;
  /** The folders the run mounted, to open the files it cites. */
  roots: MountedRoot[];
  /** The call tree; its long texts cut, or dropped, in old entries to keep the stored history bounded. */
  trace?: TraceNode[];
  /** Why an entry has no tree (it was dropped to keep the history within its bound). */
  traceNote?: string;
}

/** What the panel's history list gets: everything but the tree. */
export function summarize(record: RunRecord): RunSummary {
  const { id, question, scope, followUpOf, startedMs, status, answer, reason, findings, citations, failure, stats } = record;
  return {
    id,
    question,
    ...(scope !== undefined ? { scope } : {}),
    ...(followUpOf !== undefined ? { followUpOf } : {}),
    startedMs,
    status,
    answer,
    ...(reason !== undefined ? { reason } : {}),
    ...(findings !== undefined ? { findings } : {}),
    ...(citations !== undefined ? { citations } : {}),
    ...(failure !== undefined ? { failure } : {}),
    ...(stats !== undefined ? { stats } : {}),
  };
}
