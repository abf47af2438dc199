// The live status line of `rlm ask` on stderr: what the run is doing now, calls, tokens, cost.
// On a terminal one line is rewritten in place; otherwise a line per turn.
import { callsText, costText, RunTally } from '../common/runTotals.js';
import type { RunStats } from '../engine/budget.js';
import type { TraceEvent } from '../protocol/trace.js';
import { formatCount } from '../workspace/format.js';

const REDRAW_MS = 100;

export class ProgressLine {
  private readonly tally = new RunTally();
  private activity = 'starting';
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly out: { write(text: string): unknown },
    private readonly tty: boolean,
  ) {}

  onTrace(event: TraceEvent): void {
    this.tally.add(event);
    if (event.type === 'start') {
      const node = event.node;
      this.activity =
        `${'  '.repeat(node.depth)}${node.kind === 'cell' ? 'running' : node.kind === 'llm' ? 'asking' : ''} ${node.label}`.trim();
      if (!this.tty && node.kind === 'turn')
        this.out.write(`rlm: ${node.depth > 0 ? `[depth ${node.depth}] ` : ''}${node.label} · ${this.counts()}\n`);
    }
    this.draw();
  }

  done(): void {
    if (this.tty && this.drawn) this.out.write('\r\x1b[2K');
  }

  summary(stats: RunStats): string {
    return `rlm: ${callsText(stats)} · ${formatCount(stats.inputTokens)} tokens in, ${formatCount(stats.outputTokens)} out · ${costText(stats.costUsd, stats.costKnown)} · ${(stats.wallMs / 1000).toFixed(1)} s · depth ${stats.maxDepth}`;
  }

  private counts(): string {
    return `${this.tally.calls} calls · ${this.tally.describe()}`;
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
