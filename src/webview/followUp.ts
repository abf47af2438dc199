// The panel's conversation controls: "Ask follow-up" (Ctrl/Cmd+Enter) asks the box's question in
// the shown run's conversation, so the model keeps that run's REPL variables and its answer;
// Ask starts a new conversation. Re-run asks the shown question again; Copy answer copies its
// markdown (the host writes the clipboard). A follow-up says what it follows.
import type { RunSummary, WebviewToHost } from '../protocol/messages.js';
import { h, icon } from './dom.js';

export interface FollowUpHost {
  post(message: WebviewToHost): void;
  /** The question box's text. */
  question(): string;
}

const COPIED_MS = 2_000;

export class FollowUpControls {
  /** Goes beside the Ask button. */
  readonly askButton: HTMLButtonElement;
  /** Goes under the answer. */
  readonly bar: HTMLElement;
  /** Goes under the run's header. */
  readonly context: HTMLElement;
  private readonly rerunButton: HTMLButtonElement;
  private readonly copyButton: HTMLButtonElement;
  private run: RunSummary | undefined;

  constructor(
    private readonly doc: Document,
    private readonly host: FollowUpHost,
    questionBox: HTMLTextAreaElement,
  ) {
    this.askButton = button(
      doc,
      'ask-follow-up',
      'comment-discussion',
      'Ask follow-up',
      'Ask in the shown conversation: the model keeps its REPL variables and answer (Ctrl+Enter)',
    );
    this.rerunButton = button(doc, 'rerun', 'refresh', 'Re-run', 'Ask this question again');
    this.copyButton = button(doc, 'copy-answer', 'copy', 'Copy answer', 'Copy the answer as markdown');
    this.bar = h(doc, 'div', { class: 'actions run-actions', hidden: '' }, this.rerunButton, this.copyButton);
    this.context = h(doc, 'p', { class: 'run-follow-up', hidden: '', 'data-testid': 'follow-up-of' });
    this.askButton.hidden = true;

    this.askButton.addEventListener('click', () => this.askFollowUp());
    questionBox.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.isComposing) {
        e.preventDefault();
        this.askFollowUp();
      }
    });
    this.rerunButton.addEventListener('click', () => this.run && this.host.post({ type: 'rerun', runId: this.run.id }));
    this.copyButton.addEventListener('click', () => this.copy());
  }

  /** Redraws for the shown run; `history` names what a follow-up followed. */
  render(run: RunSummary | undefined, history: readonly RunSummary[]): void {
    this.run = run;
    const finished = run !== undefined && run.status !== 'running';
    // A run without an answer (failed before the model said anything) has nothing to build on.
    const answered = finished && Boolean(run.answer?.trim()) && run.status !== 'failed';
    this.askButton.hidden = !answered;
    this.bar.hidden = !finished;
    this.copyButton.disabled = !run?.answer?.trim();
    const followed = run?.followUpOf ? history.find((r) => r.id === run.followUpOf) : undefined;
    this.context.hidden = !run?.followUpOf;
    this.context.replaceChildren(
      ...(run?.followUpOf
        ? [icon(this.doc, 'reply'), followed ? ` Follow-up to “${followed.question}”` : ' Follow-up to an earlier question']
        : []),
    );
  }

  private askFollowUp(): void {
    const question = this.host.question().trim();
    if (!question || !this.run || this.askButton.hidden) return;
    this.host.post({ type: 'ask', question, followUpOf: this.run.id });
  }

  private copy(): void {
    if (!this.run?.answer) return;
    this.host.post({ type: 'copy-answer', runId: this.run.id });
    const label = this.copyButton.lastChild;
    if (label) label.textContent = ' Copied';
    setTimeout(() => label && (label.textContent = ' Copy answer'), COPIED_MS);
  }
}

function button(doc: Document, testId: string, codicon: string, label: string, title: string): HTMLButtonElement {
  return h(
    doc,
    'button',
    { type: 'button', class: 'secondary', 'data-testid': testId, title },
    icon(doc, codicon),
    ` ${label}`,
  ) as HTMLButtonElement;
}
