// The run in an editor tab ("Open in editor"): question, status, answer and totals on top, then
// the call tree beside a timeline of its turns, cells and sub-calls. Selecting a node in either
// selects it in the other. It follows the run live: trace events redraw it, and while the run
// goes on a tick lets running bars grow with the host's clock.
import type { HostToWebview, RunSummary } from '../protocol/messages.js';
import type { TraceEvent } from '../protocol/trace.js';
import { h } from './dom.js';
import { drawAnswer, finishedRun, liveTotalsText, statusText, totalsText } from './panel.js';
import { cancelButton, exportButton } from './runButtons.js';
import { layoutTimeline } from './timelineLayout.js';
import { TimelineView } from './timelineView.js';
import { TraceTree } from './traceTree.js';
import { TreeView } from './treeView.js';
import type { Host } from './vscodeApi.js';

export interface RunViewTiming {
  /** Coalesces redraws after trace events. */
  schedule(redraw: () => void): void;
  /** Calls `tick` regularly while the view lives (running bars grow). */
  every(tick: () => void): void;
  /** This side's clock; the host's is estimated from the trace's own times. */
  now(): number;
}

const browserTiming: RunViewTiming = {
  schedule: (redraw) => setTimeout(redraw, 50),
  every: (tick) => setInterval(tick, 500),
  now: () => Date.now(),
};

export class RunView {
  private readonly title: HTMLElement;
  private readonly status: HTMLElement;
  private readonly answer: HTMLElement;
  private readonly totals: HTMLElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly treeView: TreeView;
  private readonly timeline: TimelineView;
  private run: RunSummary | undefined;
  private tree = new TraceTree();
  private pending = false;
  /** The latest host time seen in the trace, and this side's clock when it was seen. */
  private hostClock = { hostMs: 0, localMs: 0 };

  constructor(
    readonly root: HTMLElement,
    private readonly host: Host<unknown>,
    private readonly timing: RunViewTiming = browserTiming,
  ) {
    const doc = root.ownerDocument;
    this.title = h(doc, 'h1', { class: 'run-question', 'data-testid': 'run-question' });
    this.status = h(doc, 'span', { class: 'run-status', role: 'status', 'data-testid': 'run-status' });
    this.answer = h(doc, 'div', { class: 'answer', 'aria-live': 'polite', 'data-testid': 'answer' });
    this.totals = h(doc, 'p', { class: 'totals', 'data-testid': 'totals' });
    this.cancelButton = cancelButton(doc);
    const exportTrace = exportButton(doc);
    this.treeView = new TreeView(h(doc, 'div', { class: 'tree-root', 'data-testid': 'call-tree' }), {
      open: new Map(),
      onToggle: () => undefined,
      onActivate: (id) => this.timeline.select(id),
    });
    this.timeline = new TimelineView(doc, {
      node: (id) => this.tree.get(id),
      onSelect: (id) => {
        this.treeView.reveal(id);
        this.timeline.select(id);
      },
    });
    root.replaceChildren(
      h(
        doc,
        'header',
        { class: 'run-header' },
        this.title,
        h(doc, 'div', { class: 'actions' }, this.status, this.cancelButton, exportTrace),
      ),
      this.answer,
      this.totals,
      h(
        doc,
        'div',
        { class: 'run-body' },
        h(doc, 'section', { class: 'run-tree', 'aria-label': 'Call tree' }, h(doc, 'h3', {}, 'Call tree'), this.treeView.root),
        h(doc, 'section', { class: 'run-timeline', 'aria-label': 'Timeline' }, h(doc, 'h3', {}, 'Timeline'), this.timeline.root),
      ),
    );
    root.classList.add('run-view');
    this.cancelButton.addEventListener('click', () => this.run && this.host.post({ type: 'cancel', runId: this.run.id }));
    exportTrace.addEventListener('click', () => this.run && this.host.post({ type: 'export-trace', runId: this.run.id }));
    root.addEventListener('click', (e) => this.onLinkClick(e));
  }

  start(): void {
    this.host.onMessage((m) => this.handle(m));
    this.host.post({ type: 'ready' });
    this.timing.every(() => this.run?.status === 'running' && this.redraw());
    this.redraw();
  }

  handle(message: HostToWebview): void {
    switch (message.type) {
      case 'show-run':
        this.run = message.run;
        this.tree = TraceTree.from(message.nodes);
        for (const node of message.nodes) this.sawHostTime(node.endMs ?? node.startMs);
        this.redraw();
        return;
      case 'trace':
        if (this.run?.id !== message.runId || !this.tree.apply(message.event)) return;
        this.sawHostTime(timeOf(message.event));
        this.requestRedraw();
        return;
      case 'run-finished':
        if (this.run?.id !== message.runId) return;
        this.run = finishedRun(this.run, message);
        this.redraw();
        return;
      default:
        return;
    }
  }

  /** Draws everything now (tests call this instead of waiting for the scheduled redraw). */
  redraw(): void {
    this.pending = false;
    const run = this.run;
    if (!run) {
      this.title.textContent = 'Loading the run…';
      return;
    }
    this.title.textContent = run.question;
    this.status.textContent = statusText(run);
    this.status.className = `run-status run-${run.status}`;
    this.cancelButton.hidden = run.status !== 'running';
    // A failed run's card has the panel's fixing button; the host runs the action (runEditor.ts).
    drawAnswer(this.answer, run, () => this.host.post({ type: 'fix-failure', runId: run.id }));
    this.totals.textContent = run.stats ? totalsText(run.stats) : liveTotalsText(this.tree);
    this.treeView.render(this.tree);
    this.timeline.render(layoutTimeline(this.tree.all(), this.hostNow()));
  }

  private sawHostTime(hostMs: number | undefined): void {
    if (hostMs === undefined || hostMs < this.hostClock.hostMs) return;
    this.hostClock = { hostMs, localMs: this.timing.now() };
  }

  /** The host's clock now: the latest trace time plus what elapsed here since it arrived. */
  private hostNow(): number {
    return this.hostClock.hostMs + Math.max(0, this.timing.now() - this.hostClock.localMs);
  }

  private onLinkClick(e: Event): void {
    const link = (e.target as HTMLElement).closest<HTMLAnchorElement>('a.citation');
    if (!link?.dataset.path) return;
    e.preventDefault();
    const line = Number(link.dataset.line);
    this.host.post({ type: 'open-citation', path: link.dataset.path, line: Number.isInteger(line) && line > 0 ? line : 1 });
  }

  private requestRedraw(): void {
    if (this.pending) return;
    this.pending = true;
    this.timing.schedule(() => this.pending && this.redraw());
  }
}

function timeOf(event: TraceEvent): number | undefined {
  return event.type === 'start' ? event.node.startMs : (event.changes.endMs ?? event.changes.startMs);
}
