// The extension's open conversations (host/conversation.ts): every run starts or continues one.
// A follow-up continues the conversation whose latest run it follows; a follow-up of any other
// run (an older one, one from before a restart of the extension) starts a conversation seeded
// with that run's question and answer, whose variables are gone. Only a few stay open: each
// holds a sandbox. No vscode import.
import { HostConversation, type ConversationOptions } from '../../host/conversation.js';
import type { OutcomeStatus } from '../../protocol/messages.js';

/** The run a question follows up on. */
export interface PreviousRun {
  runId?: string;
  question: string;
  answer: string;
  status?: OutcomeStatus;
}

/** Open conversations kept at most; the least recently used idle one is closed first. */
export const MAX_OPEN_CONVERSATIONS = 4;

interface Open {
  conversation: HostConversation;
  latestRunId?: string;
  running: boolean;
}

export class Conversations {
  /** Least recently used first. */
  private open: Open[] = [];

  constructor(private readonly options: Pick<ConversationOptions, 'idleMs' | 'timer'> = {}) {}

  /** The conversation to ask in: the one `previous` ended, else a new one (seeded with `previous`). */
  start(previous: PreviousRun | undefined, runId: string): HostConversation {
    let entry = previous?.runId ? this.open.find((o) => o.latestRunId === previous.runId && !o.running) : undefined;
    if (entry) this.open = [...this.open.filter((o) => o !== entry), entry];
    else {
      const seed = previous ? [{ question: previous.question, answer: previous.answer, status: previous.status ?? 'done' }] : [];
      const seedLost = 'the REPL of that question is no longer open (a later question continued it, or it was closed)';
      entry = { conversation: new HostConversation({ ...this.options, seed, seedLost }), running: false };
      this.open.push(entry);
      this.trim();
    }
    entry.running = true;
    entry.latestRunId = runId;
    return entry.conversation;
  }

  /** The run ended: its conversation may be followed up, or closed to make room. */
  finished(conversation: HostConversation): void {
    const entry = this.open.find((o) => o.conversation === conversation);
    if (entry) entry.running = false;
    this.trim();
  }

  /** Folders changed, or the extension stops: every open REPL ends (a later follow-up is told). */
  closeAll(): void {
    for (const entry of this.open.filter((o) => !o.running)) entry.conversation.dispose();
    this.open = this.open.filter((o) => o.running);
  }

  get size(): number {
    return this.open.length;
  }

  private trim(): void {
    while (this.open.length > MAX_OPEN_CONVERSATIONS) {
      const oldest = this.open.find((o) => !o.running);
      if (!oldest) return;
      oldest.conversation.dispose();
      this.open = this.open.filter((o) => o !== oldest);
    }
  }
}
