// A question asked over a workspace on disk, the same way for every Node host (CLI, extension,
// evaluation, tests): opens the workspace, wires the engine (models, scheduler, limits,
// completion cache, trace), runs it and closes everything on one path. The outcome's status
// comes from the engine; no host re-derives it.
import type { Budgets } from '../engine/budget.js';
import { ask, type AskResult } from '../engine/engine.js';
import type { Scheduler } from '../engine/engineContext.js';
import type { Clock } from '../engine/scheduler/clock.js';
import type { ReplSession } from '../engine/session/replSession.js';
import { CallScheduler } from '../engine/scheduler/callScheduler.js';
import { DiskCompletionCache } from '../llm/completionCache.js';
import type { LanguageModel, Usage } from '../llm/types.js';
import type { TraceEvent } from '../protocol/trace.js';
import { openWorkspace, type HostWorkspace, type WorkspaceOptions } from './workspace.js';

export interface QuestionModels {
  root: LanguageModel;
  /** For llm() sub-calls. */
  sub: LanguageModel;
  /** USD for a call; undefined when the model's price is unknown. */
  price?(modelName: string, usage: Usage): number | undefined;
}

export interface QuestionOptions {
  question: string;
  models: QuestionModels;
  /** Sub-calls in flight at once across the call tree; undefined: the scheduler's default. */
  concurrency: number | undefined;
  /** Replaces the scheduler made for `concurrency` (tests read its retry stats). */
  scheduler?: Scheduler;
  /** The user's limits; an undefined one keeps the engine's default. */
  limits: { [K in keyof Budgets]?: Budgets[K] | undefined };
  /** Folder of the completion cache; undefined: no cache. */
  completionCacheDir: string | undefined;
  signal: AbortSignal;
  onTrace?(event: TraceEvent): void;
  /** Time for budgets and the trace; default the system clock. */
  clock?: Clock;
  /** A conversation's REPL, kept across its questions (host/conversation.ts). */
  session?: ReplSession;
}

/** Never rejects for what happens in the run (the result's status says); set-up errors (no roots) throw. */
export async function askInWorkspace(workspaceOptions: WorkspaceOptions, options: QuestionOptions): Promise<AskResult> {
  const workspace = openWorkspace(workspaceOptions);
  // Parse the likeliest files while the model thinks, from the first model call on (before it,
  // the ranking's scan of every file would hold up the first request); stopped when the run ends.
  let warming = false;
  const onTrace = (event: TraceEvent) => {
    if (!warming && event.type === 'start' && event.node.kind === 'llm') {
      warming = true;
      workspace.warmUp();
    }
    options.onTrace?.(event);
  };
  try {
    return await askOver(workspace, { ...options, onTrace });
  } finally {
    await workspace.dispose();
  }
}

/** A question over a workspace the caller keeps open (the MCP server asks many over one). */
export function askOver(workspace: HostWorkspace, options: QuestionOptions): Promise<AskResult> {
  return ask({
    question: options.question,
    tree: workspace.tree,
    rootModel: options.models.root,
    subModel: options.models.sub,
    scheduler: options.scheduler ?? new CallScheduler(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    createSandbox: workspace.createSandbox,
    symbolsFor: workspace.symbolsFor,
    ...(options.completionCacheDir !== undefined ? { cache: new DiskCompletionCache({ dir: options.completionCacheDir }) } : {}),
    ...(options.models.price ? { price: options.models.price } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    budgets: budgets(options.limits),
    signal: options.signal,
    ...(options.onTrace ? { onTrace: options.onTrace } : {}),
    ...(options.session ? { session: options.session } : {}),
  });
}

/** The limits that are set: an undefined one would override the engine's default. */
export function budgets(limits: QuestionOptions['limits']): Partial<Budgets> {
  const set: Partial<Budgets> = {};
  for (const key of Object.keys(limits) as Array<keyof Budgets>) {
    const value = limits[key];
    if (value !== undefined) set[key] = value;
  }
  return set;
}
