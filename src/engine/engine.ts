// The engine's front door: ask a question over a file tree and get the answer, the stats and
// the trace. The CLI, the extension and the tests wire the same engine with their own services.
import type { GradedCitation } from '../protocol/citations.js';
import type { TraceEvent, TraceNode } from '../protocol/trace.js';
import type { FileTree } from '../workspace/fileTree.js';
import { BudgetTracker, DEFAULT_BUDGETS, type Budgets, type RunStats } from './budget.js';
import { checkCitations, gradeCitations, readsOf } from './citations/gradeCitations.js';
import type { EngineServices } from './engineContext.js';
import { runRlm } from './rlmLoop.js';
import { systemClock } from './scheduler/clock.js';
import { TraceRecorder } from './trace/traceRecorder.js';

export interface AskOptions extends EngineServices {
  question: string;
  tree: FileTree;
  budgets?: Partial<Budgets>;
  signal?: AbortSignal;
  onTrace?(event: TraceEvent): void;
}

export interface AskResult {
  answer: string;
  partial: boolean;
  reason?: string;
  /** A run that ended without FINAL: what it found, turn by turn (markdown), for under the answer. */
  findings?: string;
  /** The answer's `path:line` citations, each graded against the tree and what the run read. */
  citations: GradedCitation[];
  stats: RunStats;
  trace: TraceNode[];
  traceJsonl: string;
}

export async function ask(options: AskOptions): Promise<AskResult> {
  const clock = options.clock ?? systemClock;
  const budget = new BudgetTracker({ ...DEFAULT_BUDGETS, ...options.budgets }, () => clock.now());
  const trace = new TraceRecorder(() => clock.now(), options.onTrace);
  const signal = options.signal ?? new AbortController().signal;
  const outcome = await runRlm({ ...options, clock, budget, trace, signal, asked: new Map() }, { question: options.question, tree: options.tree, depth: 0 });
  if (signal.aborted) trace.cancelOpen();
  const nodes = trace.all();
  const citations = gradeCitations(await checkCitations(outcome.answer, options.tree).catch(() => []), readsOf(nodes));
  return { ...outcome, citations, stats: budget.finish(), trace: nodes, traceJsonl: trace.toJsonl() };
}
