// A conversation: questions asked one after another over the same folders, where a follow-up
// builds on what the earlier ones found. The workspace is opened for each question, as for a
// single one (files may have changed in between); what lives on is the root REPL (its
// variables) and the earlier questions and answers. The REPL is closed after an idle time, and
// the next follow-up is told its variables are gone. docs/ARCHITECTURE.md, "Follow-ups".
import type { AskResult } from '../engine/engine.js';
import { ReplSession, type PastExchange } from '../engine/session/replSession.js';
import { askInWorkspace, type QuestionOptions } from './question.js';
import type { WorkspaceOptions } from './workspace.js';

/** Starts a timer that calls `fire` after `ms`; returns what stops it. */
export type IdleTimer = (fire: () => void, ms: number) => () => void;

export const DEFAULT_IDLE_MS = 15 * 60_000;

export interface ConversationOptions {
  /** Idle time after which the REPL is closed (default 15 minutes). */
  idleMs?: number;
  /** Earlier exchanges whose REPL is not open any more (a follow-up of an older run). */
  seed?: readonly PastExchange[];
  /** Why their variables are gone, for the follow-up's first message. */
  seedLost?: string;
  timer?: IdleTimer;
}

const systemTimer: IdleTimer = (fire, ms) => {
  const handle = setTimeout(fire, ms);
  // An idle conversation must not keep the CLI's process alive.
  handle.unref?.();
  return () => clearTimeout(handle);
};

export class HostConversation {
  private readonly session: ReplSession;
  private stopIdle?: () => void;
  private readonly idleMs: number;
  private readonly timer: IdleTimer;

  constructor(options: ConversationOptions = {}) {
    this.session = new ReplSession(options.seed, options.seedLost);
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.timer = options.timer ?? systemTimer;
  }

  /** The questions asked so far, with their answers, oldest first. */
  get questions(): readonly PastExchange[] {
    return this.session.questions;
  }

  /** Asks the next question of the conversation; never rejects for what happens in the run. */
  async ask(workspace: WorkspaceOptions, options: QuestionOptions): Promise<AskResult> {
    this.stopIdle?.();
    this.stopIdle = undefined;
    try {
      return await askInWorkspace(workspace, { ...options, session: this.session });
    } finally {
      const minutes = Math.round(this.idleMs / 60_000);
      this.stopIdle = this.timer(
        () =>
          this.session.closeRepl(`the REPL was closed after ${minutes >= 1 ? `${minutes} min` : `${this.idleMs} ms`} without a question`),
        this.idleMs,
      );
    }
  }

  /** New conversation, the workspace closed, the extension stopped: the REPL ends. */
  dispose(): void {
    this.stopIdle?.();
    this.stopIdle = undefined;
    this.session.dispose();
  }
}
