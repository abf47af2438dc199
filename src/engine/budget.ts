// Limits of one run, shared by the whole call tree. When one is reached the engine stops
// starting work and asks the root model once for its best answer.
import { zeroTotals } from '../common/runTotals.js';
import type { RunTotals } from '../protocol/messages.js';
import { ToolError } from '../workspace/fileTree.js';

export interface Budgets {
  /** Deepest RLM level (root = 0): with 2, root → child → grandchild; the grandchild's rlm() runs as llm(). Default 2. */
  maxDepth: number;
  /** Turns per RLM. Default 20. */
  maxIterations: number;
  /** llm() and rlm() calls across the whole tree. Default 300. */
  maxSubCalls: number;
  maxTokens?: number;
  maxCostUsd?: number;
  maxWallMs?: number;
}

export const DEFAULT_BUDGETS: Budgets = { maxDepth: 2, maxIterations: 20, maxSubCalls: 300 };

/** Totals of a run; the protocol owns the shape so the webview can show it without engine code. */
export type RunStats = RunTotals;

/** A limit reached; the message is a hint for the model. */
export class BudgetExceeded extends ToolError {}

export class BudgetTracker {
  readonly stats: RunStats = zeroTotals();

  constructor(
    readonly budgets: Budgets,
    private readonly now: () => number,
    private readonly startedMs = now(),
  ) {}

  /** The first limit reached, described for the user and the model; undefined while within budget. */
  exhausted(): string | undefined {
    const { budgets: b, stats: s } = this;
    if (b.maxTokens !== undefined && s.inputTokens + s.outputTokens >= b.maxTokens)
      return `the token budget (${b.maxTokens.toLocaleString('en-US')} tokens) is used up`;
    if (b.maxCostUsd !== undefined && s.costUsd >= b.maxCostUsd) return `the cost budget ($${b.maxCostUsd}) is used up`;
    if (b.maxWallMs !== undefined && this.elapsedMs() >= b.maxWallMs) return `the time budget (${seconds(b.maxWallMs)}) is used up`;
    return undefined;
  }

  /** Reserves one sub-call, or throws BudgetExceeded with a hint for the model. */
  reserveSubCall(): void {
    const reason = this.exhausted();
    if (reason) throw new BudgetExceeded(`No more sub-calls: ${reason}. Finish with FINAL(...) using what you have.`);
    if (this.stats.subCalls >= this.budgets.maxSubCalls) {
      throw new BudgetExceeded(`No more sub-calls: all ${this.budgets.maxSubCalls} are used. Finish with FINAL(...) using what you have.`);
    }
    this.stats.subCalls++;
  }

  /**
   * One model call made: counted when it starts, so a failed or cancelled one counts too and
   * the totals match the call tree's llm nodes. Each llm() sub-call is one of these calls.
   */
  noteCall(): void {
    this.stats.calls++;
  }

  /** What a call that returned used (a cache hit costs nothing). */
  record(usage: { inputTokens: number; outputTokens: number } | undefined, costUsd: number | undefined, cached: boolean): void {
    if (cached) {
      this.stats.cacheHits++;
      return; // a cache hit costs nothing
    }
    this.stats.inputTokens += usage?.inputTokens ?? 0;
    this.stats.outputTokens += usage?.outputTokens ?? 0;
    if (costUsd === undefined) this.stats.costKnown = false;
    else this.stats.costUsd += costUsd;
  }

  noteDepth(depth: number): void {
    this.stats.maxDepth = Math.max(this.stats.maxDepth, depth);
  }

  /** Milliseconds left of the time budget; undefined without one. */
  remainingWallMs(): number | undefined {
    return this.budgets.maxWallMs === undefined ? undefined : Math.max(0, this.budgets.maxWallMs - this.elapsedMs());
  }

  elapsedMs(): number {
    return this.now() - this.startedMs;
  }

  finish(): RunStats {
    this.stats.wallMs = this.elapsedMs();
    return { ...this.stats };
  }
}

/** 400 → "0.4 s", 90000 → "90 s": whole seconds would show a sub-second budget as "0 s". */
function seconds(ms: number): string {
  return `${ms < 10_000 ? Math.round(ms / 10) / 100 : Math.round(ms / 1000)} s`;
}
