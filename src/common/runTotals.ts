// How every surface (the panel, the chat, the status bar, the CLI) writes a run's calls and
// cost, so they read the same everywhere: a cost is either known to the cent or "cost unknown"
// (some call had no price), never "$0" for a cost nobody knows.
import type { RunTotals } from '../protocol/messages.js';
import type { TraceEvent } from '../protocol/trace.js';
import { formatCount } from './formatCount.js';

/** A run before its first call: a fresh object, since the engine's budget counts into it. */
export function zeroTotals(): RunTotals {
  return { calls: 0, subCalls: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, costKnown: true, wallMs: 0, maxDepth: 0 };
}

/** "$0.0042", "$1.25", "$0.00" when every call was priced; "cost unknown" when any was not. */
export function costText(costUsd: number, known: boolean): string {
  if (!known) return 'cost unknown';
  return `$${costUsd.toFixed(costUsd > 0 && costUsd < 0.01 ? 4 : 2)}`;
}

/** "4 calls (1 cached, 3 sub-calls)": the sub-calls are part of the calls. */
export function callsText(totals: Pick<RunTotals, 'calls' | 'cacheHits' | 'subCalls'>): string {
  return `${totals.calls} ${totals.calls === 1 ? 'call' : 'calls'} (${totals.cacheHits} cached, ${totals.subCalls} sub-calls)`;
}

/** Live totals of a running question from its trace events (the status bar, chat progress, the CLI's line). */
export class RunTally {
  calls = 0;
  inputTokens = 0;
  outputTokens = 0;
  costUsd = 0;
  /** Model calls that returned: their cost is known only if every one was priced. */
  answered = 0;
  unpriced = 0;
  private readonly llmIds = new Set<string>();

  add(event: TraceEvent): void {
    if (event.type === 'start') {
      if (event.node.kind === 'llm') {
        this.calls++;
        this.llmIds.add(event.node.id);
      }
      return;
    }
    const { changes } = event;
    this.inputTokens += changes.inputTokens ?? 0;
    this.outputTokens += changes.outputTokens ?? 0;
    this.costUsd += changes.costUsd ?? 0;
    if (changes.status === 'ok' && this.llmIds.has(event.id)) {
      this.answered++;
      if (changes.costUsd === undefined) this.unpriced++;
    }
  }

  /** Adds another run's totals (the status bar sums the running ones). */
  plus(other: RunTally): void {
    this.calls += other.calls;
    this.inputTokens += other.inputTokens;
    this.outputTokens += other.outputTokens;
    this.costUsd += other.costUsd;
    this.answered += other.answered;
    this.unpriced += other.unpriced;
  }

  /** e.g. "12,345 tokens · $0.0123" or "12,345 tokens · cost unknown"; no cost before a call has returned. */
  describe(): string {
    const tokens = `${formatCount(this.inputTokens + this.outputTokens)} tokens`;
    return this.answered ? `${tokens} · ${costText(this.costUsd, this.unpriced === 0)}` : tokens;
  }
}
