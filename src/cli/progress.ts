// The live status line of `rlm ask` on stderr: what the run is doing now, calls, tokens, cost.
// On a terminal one line is rewritten in place; otherwise a line per turn.
import type { RunStats } from '../engine/budget.js';
import type { TraceEvent } from '../protocol/trace.js';
import { formatCount } from '../workspace/format.js';

const REDRAW_MS = 100;

export class ProgressLine {
  private calls = 0;
  private inputTokens = 0;
  private outputTokens = 0;
  private costUsd = 0;
  private activity = 'starting';
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly out: { write(text: string): unknown },
    private readonly tty: boolean,
  ) {}

  onTrace(event: TraceEvent): void {
    if (event.type === 'start') {
      const node = event.node;
      if (node.kind === 'llm') this.calls++;
      this.activity =
        `${'  '.repeat(node.depth)}${node.kind === 'cell' ? 'running' : node.kind === 'llm' ? 'asking' : ''} ${node.label}`.trim();
      if (!this.tty && node.kind === 'turn')
        this.out.write(`rlm: ${node.depth > 0 ? `[depth ${node.depth}] ` : ''}${node.label} · ${this.counts()}\n`);
    } else {
      const { inputTokens, outputTokens, costUsd } = event.changes;
      this.inputTokens += inputTokens ?? 0;
      this.outputTokens += outputTokens ?? 0;
      this.costUsd += costUsd ?? 0;
    }
    this.draw();
  }

  done(): void {
    if (this.tty && this.drawn) this.out.write('\r\x1b[2K');
  }

  summary(stats: RunStats): string {
    const cost = stats.costKnown
      ? `$${stats.costUsd.toFixed(4)}`
      : stats.costUsd > 0
        ? `≥ $${stats.costUsd.toFixed(4)} (some prices unknown)`
        : 'cost unknown';
    return `rlm: ${stats.calls} calls (${stats.cacheHits} cached, ${stats.subCalls} sub-calls) · ${formatCount(stats.inputTokens)} tokens in, ${formatCount(stats.outputTokens)} out · ${cost} · ${(stats.wallMs / 1000).toFixed(1)} s · depth ${stats.maxDepth}`;
  }

  private counts(): string {
    return `${this.calls} calls · ${formatCount(this.inputTokens + this.outputTokens)} tokens${this.costUsd ? ` · $${this.costUsd.toFixed(4)}` : ''}`;
  }

  private draw(): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.drawn = true;
    this.out.write(`\r\x1b[2K${`rlm: ${this.counts()} · ${this.activity}`.slice(0, 150)}`);
  }
}
