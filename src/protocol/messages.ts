// The messages between the extension host and the side-panel webview, in both directions.
// Imported by both bundles, so types only. The webview opens with `ready`; the host answers
// `ready-ack`, then `history` and, when a run is shown or running, `show-run`.
import type { GradedCitation } from './citations.js';
import type { TraceEvent, TraceNode } from './trace.js';

/** Totals of one run (the engine's RunStats is this type). */
export interface RunTotals {
  /** Model calls made (the trace's llm nodes: cached, failed and cancelled ones included). */
  calls: number;
  /** llm() and rlm() calls: part of `calls` (each llm() is one; an rlm() makes its own). */
  subCalls: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** False once a call's cost could not be priced (unknown model). */
  costKnown: boolean;
  wallMs: number;
  maxDepth: number;
}

/**
 * How a run ended, decided once by the engine: `done` (the model gave its final answer),
 * `partial` (a limit ended the run; the answer is the best one from what was found),
 * `cancelled` (stopped by the user; the answer holds what was found), `failed` (an error ended
 * the run before the model could answer, e.g. the model server refused or was unreachable).
 */
export type OutcomeStatus = 'done' | 'partial' | 'cancelled' | 'failed';

export type RunStatus = 'running' | OutcomeStatus;

/**
 * Why a model call failed, as each surface words it: `auth` (401/403: key missing or refused),
 * `quota` (the account's plan or billing), `not_found` (the model is not served there),
 * `unreachable` (no server at the base URL: refused, unknown host), `rate_limit` (429),
 * `server` (5xx), `timeout`, `network` (the connection broke mid-reply), `context_length`,
 * `bad_request` (another 4xx), `malformed` (a reply that is not the protocol).
 */
export type ModelFailureKind =
  | 'auth'
  | 'quota'
  | 'not_found'
  | 'unreachable'
  | 'rate_limit'
  | 'server'
  | 'timeout'
  | 'network'
  | 'context_length'
  | 'bad_request'
  | 'malformed';

/** What ended a failed run: a model failure of a kind, or `internal` (the sandbox or workspace could not start). */
export interface RunFailure {
  kind: ModelFailureKind | 'internal';
  /** What happened, surface-neutral ("… refused the API key (401): Incorrect API key provided."). */
  message: string;
  status?: number;
  /** The model server and model of the failed call (absent for vscode.lm models). */
  baseUrl?: string;
  model?: string;
  /** auth: a key was sent and refused, rather than missing. */
  keySent?: boolean;
}

/** What the history list and the panel header show of a run. */
export interface RunSummary {
  id: string;
  question: string;
  /** Folder the run was scoped to (the explorer action); absent for the whole workspace. */
  scope?: string;
  /** The run this one followed up on (same conversation: its REPL variables and its answer). */
  followUpOf?: string;
  startedMs: number;
  status: RunStatus;
  answer?: string;
  /** Why the run did not end with a final answer: the limit reached, the error. */
  reason?: string;
  /** A run that ended without a final answer: what it found, turn by turn (markdown). */
  findings?: string;
  /** The answer's citations, graded against the run's tree (absent in runs from before grading). */
  citations?: GradedCitation[];
  /** A failed run: what failed, typed, for each surface to word with the action that fixes it. */
  failure?: RunFailure;
  stats?: RunTotals;
}

export type HostToWebview =
  | { type: 'ready-ack' }
  | { type: 'run-started'; run: RunSummary }
  | { type: 'trace'; runId: string; event: TraceEvent }
  /** The tree so far stays; `answer` may be empty when the run failed. */
  | {
      type: 'run-finished';
      runId: string;
      status: OutcomeStatus;
      answer: string;
      reason?: string;
      findings?: string;
      citations?: GradedCitation[];
      failure?: RunFailure;
      stats: RunTotals;
    }
  /** This workspace's runs, newest first, bounded by the host; `workspace` names it. */
  | { type: 'history'; runs: RunSummary[]; workspace?: string }
  /**
   * Replaces what the panel shows: a past run from history, or the running one after the view was
   * re-created. `traceNote` says why a past run has no tree.
   */
  | { type: 'show-run'; run: RunSummary; nodes: TraceNode[]; traceNote?: string }
  /** Puts text in the question box and focuses it (e.g. from a command). */
  | { type: 'prefill'; question: string };

export type WebviewToHost =
  | { type: 'ready' }
  /** `followUpOf`: a follow-up of that run, in its conversation; absent: a new conversation. */
  | { type: 'ask'; question: string; followUpOf?: string }
  /** Asks the run's question again, over its folders, as a follow-up of what it followed (if anything). */
  | { type: 'rerun'; runId: string }
  /** Copies the run's answer, as markdown, to the clipboard. */
  | { type: 'copy-answer'; runId: string }
  | { type: 'cancel'; runId: string }
  /** `line` is 1-based; `path` as the model cited it (workspace-relative, possibly prefixed with a root folder's name). */
  | { type: 'open-citation'; path: string; line: number }
  | { type: 'open-run'; runId: string }
  | { type: 'export-trace'; runId: string }
  /** Shows the run in an editor tab, with the call tree beside a timeline. */
  | { type: 'open-in-editor'; runId: string }
  /** The failed run's one fixing action (Set API Key, open a setting, retry); the host decides which from the run. */
  | { type: 'fix-failure'; runId: string };

export type HostToWebviewType = HostToWebview['type'];
export type WebviewToHostType = WebviewToHost['type'];
