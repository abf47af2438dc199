// Live totals of a run from its trace events, for the status bar and chat progress.
import type { TraceEvent } from '../../protocol/trace.js';

export class RunTally {
  calls = 0;
  inputTokens = 0;
  outputTokens = 0;
  costUsd = 0;

  add(event: TraceEvent): void {
    if (event.type === 'start') {
      if (event.node.kind === 'llm') this.calls++;
      return;
    }
    this.inputTokens += event.changes.inputTokens ?? 0;
    this.outputTokens += event.changes.outputTokens ?? 0;
    this.costUsd += event.changes.costUsd ?? 0;
  }

  /** e.g. "12,345 tokens · $0.0123" (no cost while nothing was priced). */
  describe(): string {
    const tokens = `${(this.inputTokens + this.outputTokens).toLocaleString('en-US')} tokens`;
    return this.costUsd > 0 ? `${tokens} · $${this.costUsd.toFixed(4)}` : tokens;
  }
}
