// The side panel: question box, the shown run (answer, totals, call tree) and the history.
// It keeps the state, handles the host's messages and redraws; the pieces it draws with
// (markdown, tree view) live in their own files.
import type { HostToWebview, RunSummary, RunTotals } from '../protocol/messages.js';
import { callsText, costText } from '../common/runTotals.js';
import { h, icon } from './dom.js';
import { failureCard } from './failure.js';
import { FollowUpControls } from './followUp.js';
import { formatMs, formatTokens } from './format.js';
import { historyHeading, treeNote } from './historyView.js';
import { renderMarkdown } from './markdown.js';
import { cancelButton, exportButton } from './runButtons.js';
import { TraceTree } from './traceTree.js';
import { TreeView } from './treeView.js';
import type { Host } from './vscodeApi.js';

/** What survives the view being hidden and re-created (webview setState). */
export interface PanelState {
  draft: string;
  runId?: string;
  /** Open/closed choices in the shown run's tree. */
  open: Record<string, boolean>;
}

interface Shown {
  run: RunSummary;
  tree: TraceTree;
  /** Why a past run has no tree. */
  traceNote?: string;
}

export class Panel {
  private readonly doc: Document;
  private readonly question: HTMLTextAreaElement;
  private readonly askButton: HTMLButtonElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly exportButton: HTMLButtonElement;
  private readonly editorButton: HTMLButtonElement;
  private readonly runSection: HTMLElement;
  private readonly runTitle: HTMLElement;
  private readonly runStatus: HTMLElement;
  private readonly runScope: HTMLElement;
  private readonly answer: HTMLElement;
  private readonly totalsLine: HTMLElement;
  private readonly treeView: TreeView;
  private readonly historyList: HTMLElement;
  private readonly historyTitle: HTMLElement;
  private readonly followUp: FollowUpControls;
  private readonly state: PanelState;
  private readonly open = new Map<string, boolean>();
  private shown: Shown | undefined;
  private history: RunSummary[] = [];
  private pending = false;

  constructor(
    readonly root: HTMLElement,
    private readonly host: Host<PanelState>,
    private readonly schedule: (redraw: () => void) => void = (redraw) => setTimeout(redraw, 50),
  ) {
    const doc = (this.doc = root.ownerDocument);
    const saved = host.getState();
    this.state = { draft: saved?.draft ?? '', runId: saved?.runId, open: saved?.open ?? {} };
    for (const [id, open] of Object.entries(this.state.open)) this.open.set(id, open);

    this.question = h(doc, 'textarea', {
      id: 'rlm-question',
      'data-testid': 'question',
      rows: '3',
      placeholder: 'Ask about this codebase (Enter asks, Shift+Enter adds a line)',
    }) as HTMLTextAreaElement;
    this.question.value = this.state.draft;
    this.askButton = h(
      doc,
      'button',
      { type: 'submit', class: 'primary', 'data-testid': 'ask', title: 'Ask as a new conversation (Enter)' },
      icon(doc, 'send'),
      ' Ask',
    ) as HTMLButtonElement;
    this.cancelButton = cancelButton(doc);
    this.exportButton = exportButton(doc);
    this.editorButton = h(
      doc,
      'button',
      { type: 'button', class: 'secondary', title: 'Show this run in an editor tab, with a timeline', 'data-testid': 'open-in-editor' },
      icon(doc, 'link-external'),
      ' Open in editor',
    ) as HTMLButtonElement;
    this.followUp = new FollowUpControls(doc, { post: (m) => host.post(m), question: () => this.question.value }, this.question);
    const form = h(
      doc,
      'form',
      { class: 'ask' },
      h(doc, 'label', { for: 'rlm-question', class: 'visually-hidden' }, 'Question'),
      this.question,
      h(doc, 'div', { class: 'actions' }, this.askButton, this.followUp.askButton, this.cancelButton),
    );

    this.runTitle = h(doc, 'h2', { class: 'run-question', 'data-testid': 'run-question' });
    this.runStatus = h(doc, 'span', { class: 'run-status', role: 'status', 'data-testid': 'run-status' });
    this.runScope = h(doc, 'p', { class: 'run-scope', hidden: '', 'data-testid': 'run-scope' });
    this.answer = h(doc, 'div', { class: 'answer', 'aria-live': 'polite', 'data-testid': 'answer' });
    this.totalsLine = h(doc, 'p', { class: 'totals', 'data-testid': 'totals' });
    this.treeView = new TreeView(h(doc, 'div', { class: 'tree-root', 'data-testid': 'call-tree' }), {
      open: this.open,
      onToggle: () => this.saveState(),
    });
    this.runSection = h(
      doc,
      'section',
      { class: 'run', hidden: '', 'aria-label': 'Current run' },
      h(doc, 'header', { class: 'run-header' }, this.runTitle, this.runStatus),
      this.runScope,
      this.followUp.context,
      this.answer,
      this.followUp.bar,
      this.totalsLine,
      h(
        doc,
        'div',
        { class: 'tree-header' },
        h(doc, 'h3', {}, 'Call tree'),
        h(doc, 'div', { class: 'actions' }, this.editorButton, this.exportButton),
      ),
      this.treeView.root,
    );
    this.historyList = h(doc, 'ul', { class: 'history-list' });
    this.historyTitle = h(doc, 'h3', { 'data-testid': 'history-title' }, historyHeading(undefined));
    const history = h(doc, 'section', { class: 'history', 'aria-label': 'History' }, this.historyTitle, this.historyList);
    root.replaceChildren(form, this.runSection, history);

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.ask();
    });
    this.question.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        this.ask();
      }
    });
    this.question.addEventListener('input', () => {
      this.state.draft = this.question.value;
      this.saveState();
    });
    this.cancelButton.addEventListener('click', () => this.shown && this.host.post({ type: 'cancel', runId: this.shown.run.id }));
    this.exportButton.addEventListener('click', () => this.shown && this.host.post({ type: 'export-trace', runId: this.shown.run.id }));
    this.editorButton.addEventListener('click', () => this.shown && this.host.post({ type: 'open-in-editor', runId: this.shown.run.id }));
    root.addEventListener('click', (e) => this.onLinkClick(e));
    this.historyList.addEventListener('click', (e) => {
      const id = (e.target as HTMLElement).closest<HTMLElement>('[data-run-id]')?.dataset.runId;
      if (id) this.host.post({ type: 'open-run', runId: id });
    });
  }

  /** Starts listening and sends the handshake. */
  start(): void {
    this.host.onMessage((m) => this.handle(m));
    this.host.post({ type: 'ready' });
    this.redraw();
  }

  handle(message: HostToWebview): void {
    switch (message.type) {
      case 'ready-ack':
        return;
      case 'run-started':
        // The box's question has become a run (from here, the palette or the folder menu): clear it,
        // so Enter does not ask it again. A refused question stays in the box.
        if (this.question.value.trim() === message.run.question.trim()) this.setDraft('');
        this.show(message.run, new TraceTree());
        this.upsertHistory(message.run);
        return;
      case 'trace':
        if (this.shown?.run.id === message.runId && this.shown.tree.apply(message.event)) this.requestRedraw();
        return;
      case 'run-finished': {
        const { runId } = message;
        this.history = this.history.map((r) => (r.id === runId ? finishedRun(r, message) : r));
        if (this.shown?.run.id === runId) this.shown.run = finishedRun(this.shown.run, message);
        this.redraw();
        return;
      }
      case 'history':
        this.history = message.runs;
        this.historyTitle.textContent = historyHeading(message.workspace);
        this.redrawHistory();
        return;
      case 'show-run':
        this.show(message.run, TraceTree.from(message.nodes), message.traceNote);
        return;
      case 'prefill':
        this.setDraft(message.question);
        this.question.focus();
        return;
    }
  }

  /** Draws everything now (tests call this instead of waiting for the scheduled redraw). */
  redraw(): void {
    this.pending = false;
    const shown = this.shown;
    const running = shown?.run.status === 'running';
    this.askButton.disabled = running;
    this.cancelButton.hidden = !running;
    this.runSection.hidden = !shown;
    if (shown) {
      this.runTitle.textContent = shown.run.question;
      // A folder-scoped run says so: the answer only covers that folder.
      this.runScope.hidden = shown.run.scope === undefined;
      this.runScope.replaceChildren(...(shown.run.scope !== undefined ? [icon(this.doc, 'folder'), ` Only ${shown.run.scope}`] : []));
      this.runStatus.textContent = statusText(shown.run);
      this.runStatus.className = `run-status run-${shown.run.status}`;
      drawAnswer(this.answer, shown.run, () => this.host.post({ type: 'fix-failure', runId: shown.run.id }));
      this.totalsLine.textContent = shown.run.stats ? totalsText(shown.run.stats) : liveTotalsText(shown.tree);
      this.treeView.render(shown.tree);
      if (shown.traceNote && shown.tree.size === 0) this.treeView.root.replaceChildren(treeNote(this.doc, shown.traceNote));
    }
    this.followUp.render(shown?.run, this.history);
    this.redrawHistory();
  }

  private redrawHistory(): void {
    const current = this.shown?.run.id;
    this.historyList.replaceChildren(
      ...(this.history.length
        ? this.history.map((run) =>
            h(
              this.doc,
              'li',
              {},
              h(
                this.doc,
                'button',
                {
                  type: 'button',
                  class: 'history-item',
                  'data-run-id': run.id,
                  'aria-current': run.id === current ? 'true' : undefined,
                  title: run.question,
                },
                h(this.doc, 'span', { class: 'history-question' }, run.question),
                h(
                  this.doc,
                  'span',
                  { class: 'history-meta' },
                  [statusText(run), ...(run.scope !== undefined ? [`in ${run.scope}`] : []), new Date(run.startedMs).toLocaleString()].join(
                    ' · ',
                  ),
                ),
              ),
            ),
          )
        : [
            h(this.doc, 'li', { class: 'empty' }, 'No questions asked yet.'),
            h(
              this.doc,
              'li',
              { class: 'empty hint', 'data-testid': 'chat-hint' },
              'Ask here, from the command palette (“Ask RLM about workspace”) or from a folder’s menu in the explorer. In a chat view (GitHub Copilot Chat), type @rlm; without one, @rlm is not available.',
            ),
          ]),
    );
  }

  private show(run: RunSummary, tree: TraceTree, traceNote?: string): void {
    if (this.shown?.run.id !== run.id && this.state.runId !== run.id) this.open.clear();
    this.shown = { run, tree, ...(traceNote !== undefined ? { traceNote } : {}) };
    this.state.runId = run.id;
    this.saveState();
    this.redraw();
  }

  private upsertHistory(run: RunSummary): void {
    this.history = [run, ...this.history.filter((r) => r.id !== run.id)];
  }

  private ask(): void {
    const question = this.question.value.trim();
    // While a run goes on the host refuses the question with a message (and a way to cancel).
    if (!question) return;
    this.host.post({ type: 'ask', question });
  }

  private setDraft(text: string): void {
    this.question.value = text;
    this.state.draft = text;
    this.saveState();
  }

  private onLinkClick(e: Event): void {
    const link = (e.target as HTMLElement).closest<HTMLAnchorElement>('a.citation');
    if (!link) return;
    e.preventDefault();
    const line = Number(link.dataset.line);
    if (link.dataset.path)
      this.host.post({ type: 'open-citation', path: link.dataset.path, line: Number.isFinite(line) && line > 0 ? line : 1 });
  }

  private requestRedraw(): void {
    if (this.pending) return;
    this.pending = true;
    this.schedule(() => this.pending && this.redraw());
  }

  private saveState(): void {
    this.state.open = Object.fromEntries(this.open);
    this.host.setState(this.state);
  }
}

/** The run as its `run-finished` message ends it (both views keep the failure, so both can draw its fix). */
export function finishedRun(run: RunSummary, message: Extract<HostToWebview, { type: 'run-finished' }>): RunSummary {
  const { status, answer, reason, findings, citations, failure, stats } = message;
  return {
    ...run,
    status,
    answer,
    ...(reason !== undefined ? { reason } : {}),
    ...(findings ? { findings } : {}),
    ...(citations ? { citations } : {}),
    ...(failure ? { failure } : {}),
    stats,
  };
}

/** The answer area of a run: why it is not a final answer, the answer, what was found. The editor view draws it too. */
export function drawAnswer(target: HTMLElement, run: RunSummary, onFix?: () => void): void {
  const doc = target.ownerDocument;
  const notice = noticeOf(run);
  const body = h(doc, 'div', { class: 'markdown' });
  // Safe: markdown-it runs with html off and only vetted link targets (markdown.ts).
  body.innerHTML = run.answer ? renderMarkdown(run.answer, run.citations) : '';
  const found = h(doc, 'div', { class: 'markdown findings', 'data-testid': 'findings' });
  found.innerHTML = run.findings ? renderMarkdown(run.findings) : '';
  target.replaceChildren(
    // A failed run: one card, with the button that fixes it where a host can run it.
    ...(run.status === 'failed' ? [failureCard(doc, run, onFix)] : []),
    ...(notice ? [h(doc, 'p', { class: `notice ${notice.level}` }, icon(doc, notice.level), ` ${notice.text}`)] : []),
    ...(run.answer
      ? [body]
      : run.status === 'running'
        ? [h(doc, 'p', { class: 'thinking' }, icon(doc, 'loading', 'codicon-modifier-spin'), ' Exploring the codebase…')]
        : []),
    ...(run.findings ? [found] : []),
  );
}

export function statusText(run: RunSummary): string {
  return { running: 'Running…', done: 'Done', partial: 'Partial', cancelled: 'Cancelled', failed: 'Failed' }[run.status];
}

/** Why the answer is not a final one; a failed run has its failure card instead. */
function noticeOf(run: RunSummary): { level: 'warning'; text: string } | undefined {
  switch (run.status) {
    case 'partial':
      return { level: 'warning', text: `Partial answer${run.reason ? `: ${run.reason}` : ''}.` };
    case 'cancelled':
      return { level: 'warning', text: 'Cancelled: the answer holds what was found until then.' };
    default:
      return undefined;
  }
}

export function totalsText(s: RunTotals): string {
  return `${callsText(s)} · ${formatTokens(s.inputTokens)} in · ${formatTokens(s.outputTokens)} out · ${costText(s.costUsd, s.costKnown)} · ${formatMs(s.wallMs)} · depth ${s.maxDepth}`;
}

/** While running: the same words as at the end; a cost once a call has returned, unknown if one had no price. */
export function liveTotalsText(tree: TraceTree): string {
  const t = tree.totals();
  const answered = tree.all().filter((n) => n.kind === 'llm' && n.status === 'ok');
  const cost = answered.length
    ? ` · ${costText(
        t.costUsd,
        answered.every((n) => n.costUsd !== undefined),
      )}`
    : '';
  return `${t.calls} ${t.calls === 1 ? 'call' : 'calls'} (${t.cached} cached) · ${formatTokens(t.inputTokens)} in · ${formatTokens(t.outputTokens)} out${cost}${t.running ? ' · running' : ''}`;
}
