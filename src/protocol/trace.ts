// The trace of a run: a tree of nodes streamed as events while the run goes on and exportable
// as JSONL. The webview, the chat stream and the CLI progress all read these; nothing reads
// engine internals. Shared by both bundles, so types only.

export type TraceKind = 'rlm' | 'turn' | 'cell' | 'tool' | 'llm';
export type TraceStatus = 'running' | 'ok' | 'error' | 'cancelled' | 'cached';

export interface TraceRef {
  path: string;
  startLine: number;
  endLine: number;
}

export interface TraceNode {
  id: string;
  parentId?: string;
  depth: number;
  kind: TraceKind;
  label: string;
  model?: string;
  startMs: number;
  endMs?: number;
  status: TraceStatus;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
  refs?: TraceRef[];
  /** Kind-specific detail: a cell's code and output, a sub-call's prompt and answer, an error. */
  detail?: string;
}

/** A node appears with `start` and is completed (or amended) by `update` events carrying the same id. */
export type TraceEvent = { type: 'start'; node: TraceNode } | { type: 'update'; id: string; changes: Partial<Omit<TraceNode, 'id'>> };
