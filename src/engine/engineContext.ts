// Everything one run shares across its call tree, handed in by whoever wires the engine (CLI,
// extension, tests). The engine reaches the outside world only through these interfaces.
import type { ChatMessage, Completion, LanguageModel, ModelError } from '../llm/types.js';
import type { Sandbox, SandboxOptions } from '../sandbox/sandbox.js';
import type { SymbolProvider } from '../symbols/types.js';
import type { FileTree } from '../workspace/fileTree.js';
import type { BudgetTracker } from './budget.js';
import type { TraceRecorder } from './trace/traceRecorder.js';

/** One concurrency limit for every sub-call of the run (rate-limit aware, retrying). */
export interface Scheduler {
  run<T>(
    task: (signal: AbortSignal) => Promise<T>,
    options?: { signal?: AbortSignal; timeoutMs?: number; label?: string; onRetry?: (attempt: number, delayMs: number, error: ModelError) => void },
  ): Promise<T>;
}

/** Completions by (model, full prompt): a repeated question on unchanged code costs almost nothing. */
export interface CompletionCache {
  get(modelId: string, messages: readonly ChatMessage[]): Promise<Completion | undefined>;
  set(modelId: string, messages: readonly ChatMessage[], completion: Completion): Promise<void>;
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
  now(): number;
}

export interface RunContext extends EngineServices {
  budget: BudgetTracker;
  trace: TraceRecorder;
  signal: AbortSignal;
  /** Sub-call prompts already asked in this run → their answers (the loop guard for repeats). */
  asked: Map<string, string>;
}
