// The engine's front door: ask a question over a file tree and get the answer, how the run
// ended, the stats and the trace. The CLI, the extension and the tests wire the same engine
// with their own services (src/host/ for the Node hosts).
import type { GradedCitation } from '../protocol/citations.js';
import type { OutcomeStatus, RunFailure } from '../protocol/messages.js';
import type { TraceEvent, TraceNode } from '../protocol/trace.js';
import type { FileTree } from '../workspace/fileTree.js';
import { BudgetTracker, DEFAULT_BUDGETS, type Budgets, type RunStats } from './budget.js';
import { checkCitations, gradeCitations, readsOf } from './citations/gradeCitations.js';
import type { EngineServices } from './engineContext.js';
import { runRlm, type RlmOutcome } from './rlmLoop.js';
import { runFailure } from './runFailure.js';
import { systemClock } from './scheduler/clock.js';
import type { ReplSession } from './session/replSession.js';
import { TraceRecorder } from './trace/traceRecorder.js';

export interface AskOptions extends EngineServices {
  question: string;
  tree: FileTree;
  budgets?: Partial<Budgets>;
  signal?: AbortSignal;
  onTrace?(event: TraceEvent): void;
  /** A conversation: the root RLM keeps its REPL there, and a follow-up sees the earlier questions. */
  session?: ReplSession;
}

export interface AskResult {
  answer: string;
  /** How the run ended; every surface shows this, none re-derives it. */
  status: OutcomeStatus;
  /** Why the run did not end with a final answer: the limit reached, the error. */
  reason?: string;
  /** A run that ended without FINAL: what it found, turn by turn (markdown), for under the answer. */
  findings?: string;
  /** A failed run: what failed, typed, for each surface to word with its fix; the answer is then empty. */
  failure?: RunFailure;
  /** The answer's `path:line` citations, each graded against the tree and what the run read. */
  citations: GradedCitation[];
  stats: RunStats;
  trace: TraceNode[];
  traceJsonl: string;
}

/** Never rejects: whatever ends the run, the outcome says how. */
export async function ask(options: AskOptions): Promise<AskResult> {
  const clock = options.clock ?? systemClock;
  const budget = new BudgetTracker({ ...DEFAULT_BUDGETS, ...options.budgets }, () => clock.now());
  const trace = new TraceRecorder(() => clock.now(), options.onTrace);
  const signal = options.signal ?? new AbortController().signal;
  let outcome: RlmOutcome;
  try {
    outcome = await runRlm(
      { ...options, clock, budget, trace, signal, asked: new Map() },
      { question: options.question, tree: options.tree, depth: 0, ...(options.session ? { session: options.session } : {}) },
    );
  } catch (error) {
    // What escaped the loop (a sandbox that cannot start, an unreadable workspace) ended the run.
    outcome = { answer: '', status: 'failed', reason: error instanceof Error ? error.message : String(error), failure: runFailure(error) };
  }
  // A run the user stopped is cancelled however its last step ended, unless it had finished.
  if (signal.aborted && outcome.status !== 'done') {
    const { answer, findings } = outcome;
    outcome = { answer, status: 'cancelled', reason: 'cancelled', ...(findings ? { findings } : {}) };
  }
  options.session?.record(options.question, outcome.answer, outcome.status);
  if (signal.aborted) trace.endOpen('cancelled');
  else if (outcome.status === 'failed') trace.endOpen('error');
  const nodes = trace.all();
  const citations = gradeCitations(await checkCitations(outcome.answer, options.tree).catch(() => []), readsOf(nodes));
  return { ...outcome, citations, stats: budget.finish(), trace: nodes, traceJsonl: trace.toJsonl() };
}
