// Everything one run shares across its call tree, handed in by whoever wires the engine (CLI,
// extension, tests). The engine reaches the outside world only through these interfaces.
import type { CompletionCache, LanguageModel, ModelError } from '../llm/types.js';
import type { Sandbox, SandboxOptions } from '../sandbox/sandbox.js';
import type { SymbolProvider } from '../symbols/types.js';
import type { FileTree } from '../workspace/fileTree.js';
import type { BudgetTracker } from './budget.js';
import type { Clock } from './scheduler/clock.js';
import type { TraceRecorder } from './trace/traceRecorder.js';

/** One concurrency limit for every sub-call of the run (rate-limit aware, retrying). */
export interface Scheduler {
  run<T>(
    task: (signal: AbortSignal) => Promise<T>,
    options?: {
      signal?: AbortSignal;
      timeoutMs?: number;
      label?: string;
      onRetry?: (attempt: number, delayMs: number, error: ModelError) => void;
    },
  ): Promise<T>;
}

export interface EngineServices {
  rootModel: LanguageModel;
  subModel: LanguageModel;
  scheduler: Scheduler;
  createSandbox(options: SandboxOptions): Promise<Sandbox>;
  /** Symbols over a (possibly scoped) tree; absent → no symbol functions. */
  symbolsFor?(tree: FileTree): SymbolProvider;
  cache?: CompletionCache;
  /** USD for a call, undefined when the model's price is unknown. */
  price?(modelName: string, usage: { inputTokens: number; outputTokens: number }): number | undefined;
  /** Time for budgets, the trace and the time-budget deadline of each call; default: the system clock. Tests pass a FakeClock. */
  clock?: Clock;
}

export interface RunContext extends EngineServices {
  clock: Clock;
  budget: BudgetTracker;
  trace: TraceRecorder;
  signal: AbortSignal;
  /** Sub-call prompts already asked in this run → their answers (the loop guard for repeats). */
  asked: Map<string, string>;
}
