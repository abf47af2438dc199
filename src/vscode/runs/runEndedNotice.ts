// The notice that a run ended while the panel was hidden. VS Code closes no notification on an
// extension's request except a progress notification, whose task ends it: so the notice is one,
// with Open as a command link in its text (a progress notification has no buttons of its own).
// It ends when the next run starts, when the panel shows (Open leads there), or once it has been
// up for a while with the window focused, as VS Code's own toasts fade, since it has no close
// button. The notice that no model is set up (askInEditor) is one too, with its fixing links.
// No vscode import: the window is handed in, so the lifetime is unit-tested on a fake clock.
import { systemClock, type Clock } from '../../engine/scheduler/clock.js';
import type { OutcomeStatus } from '../../protocol/messages.js';
import { truncate } from './questionText.js';

/** How long the notice stays while the window has focus (VS Code's info toasts: 15 s). */
export const NOTICE_VISIBLE_MS = 20_000;

export interface NoticeWindow {
  /** Shows `message` (markdown links allowed) until `closed` settles. */
  showUntil(message: string, closed: Promise<void>): void;
  readonly focused: boolean;
  onDidChangeFocus(listener: (focused: boolean) => void): { dispose(): void };
}

export interface EndedRun {
  id: string;
  question: string;
  status: OutcomeStatus;
}

const HOW: Record<Exclude<OutcomeStatus, 'failed'>, string> = {
  done: 'answered',
  partial: 'has a partial answer to',
  cancelled: 'stopped on',
};

/** A markdown link target that runs `command` with `args`. */
const commandUri = (command: string, ...args: unknown[]): string => `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;

/** The notice's text: how the run ended, the question, and Open (the panel with that run). */
export function runEndedMessage(run: EndedRun): string {
  // A question holding "[x](command:…)" must not become a link of its own.
  const question = `“${truncate(run.question, 60).replace(/\]\(/g, '] (')}”`;
  const open = `[Open](${commandUri('rlm.showPanel', run.id)})`;
  const said = run.status === 'failed' ? `RLM could not answer ${question}` : `RLM ${HOW[run.status]} ${question}`;
  return `${said}. ${open}`;
}

/** Why no model could be chosen (NoModelError) and what fixes it. */
export interface NoModelReason {
  message: string;
  needsKey: boolean;
  setting?: string;
}

/** The no-model notice's text: what to configure, then links to the key box and the setting. */
export function noModelMessage(reason: NoModelReason, settingsFilter: string): string {
  const setting = reason.setting ?? settingsFilter;
  const links = [
    ...(reason.needsKey ? ['[Set API Key](command:rlm.setApiKey)'] : []),
    `[${reason.setting ? `Open ${reason.setting}` : 'Open Settings'}](${commandUri('workbench.action.openSettings', setting)})`,
  ];
  return `${reason.message} ${links.join(' · ')}`;
}

export class RunEndedNotice {
  private current?: () => void;

  constructor(
    private readonly window: NoticeWindow,
    private readonly clock: Clock = systemClock,
    private readonly visibleMs = NOTICE_VISIBLE_MS,
  ) {}

  /** Shows the notice of `run`, closing the one before: one notice at a time. */
  show(run: EndedRun): void {
    this.showMessage(runEndedMessage(run));
  }

  /** Shows `message` (markdown links allowed) with the same lifetime, closing the one before. */
  showMessage(message: string): void {
    this.dismiss();
    let resolve!: () => void;
    const closed = new Promise<void>((r) => (resolve = r));
    const stopTimer = this.afterFocusedTime(this.visibleMs, () => this.close(close));
    const close = () => {
      stopTimer();
      resolve();
    };
    this.current = close;
    this.window.showUntil(message, closed);
  }

  /** Closes the notice shown, if any (the next run started, the panel shows). */
  dismiss(): void {
    if (this.current) this.close(this.current);
  }

  private close(close: () => void): void {
    if (this.current === close) this.current = undefined;
    close();
  }

  /** Calls `done` once the window has had focus for `ms` in all; the returned function stops it. */
  private afterFocusedTime(ms: number, done: () => void): () => void {
    let left = ms;
    let period: { since: number; abort: AbortController } | undefined;
    const onFocus = (focused: boolean) => {
      if (focused && !period) {
        const abort = new AbortController();
        period = { since: this.clock.now(), abort };
        this.clock.sleep(left, abort.signal).then(done, () => undefined);
      } else if (!focused && period) {
        left -= this.clock.now() - period.since;
        period.abort.abort();
        period = undefined;
      }
    };
    const subscription = this.window.onDidChangeFocus(onFocus);
    onFocus(this.window.focused);
    return () => {
      subscription.dispose();
      period?.abort.abort();
      period = undefined;
    };
  }
}
