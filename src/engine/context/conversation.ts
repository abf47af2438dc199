// The root (or a child) RLM's conversation, bounded: it owns the messages, the digests and the
// budget. The latest turn goes back verbatim (within the per-turn cap) and restates the
// question; older turns keep their code and a digest of their output; when even that is over
// the budget, older turns shrink further, then the oldest are left out, then the latest is cut.
import type { ChatMessage } from '../../llm/types.js';
import { clip } from '../subcallFunctions.js';
import { compactReply, declaredNames, digestFeedback } from './digest.js';
import { capTurn } from './turnCap.js';
import { CHARS_PER_TOKEN, estimateTokens, formatCount, promptBudgetChars } from './window.js';

export interface ConversationOptions {
  system: string;
  /** The first user message: question, workspace summary, the caller's context. */
  opening: string;
  question: string;
  /** The root model's window in tokens. */
  windowTokens: number;
}

/** What one rendering sent, for the trace. */
export interface ContextReport {
  chars: number;
  budgetChars: number;
  /** Older turns shown as code + digest, as [first, last] turn numbers. */
  compacted?: [number, number];
  /** Oldest turns left out entirely. */
  omitted?: [number, number];
  /** The latest turn was cut to fit. */
  latestCut: boolean;
  /** Characters the compaction saved against the verbatim history. */
  savedChars: number;
}

interface Turn {
  reply: string;
  cells: readonly string[];
  names: string[];
  feedback?: string[];
  footer: string;
}

/** The per-turn cap: at most this many characters, and at most this share of the budget. */
const MAX_TURN_CHARS = 24_000;
const TURN_SHARE = 0.3;
const QUESTION_CHARS = 2_000;
const SEPARATOR = '\n\n';

export class Conversation {
  private readonly turns: Turn[] = [];
  /** Learnt from the tokens the provider counted; 4 until it counts more densely. */
  private charsPerToken = CHARS_PER_TOKEN;
  /** Set by a context-length error. */
  private cap = Infinity;

  constructor(private readonly options: ConversationOptions) {}

  get budgetChars(): number {
    return Math.min(promptBudgetChars(this.options.windowTokens, this.charsPerToken), this.cap);
  }

  /** What all cells of one reply may send back together. */
  get turnCapChars(): number {
    return Math.min(MAX_TURN_CHARS, Math.floor(this.budgetChars * TURN_SHARE));
  }

  /**
   * The provider counted `inputTokens` for a prompt of `sentChars`. A tokenizer clearly denser
   * than the estimate (code, JSON, non-English text) shrinks the budget to match, before the
   * server has to refuse a prompt; small prompts, where per-message overhead dominates, say little.
   */
  calibrate(sentChars: number, inputTokens: number): void {
    if (sentChars < 2_000 || inputTokens <= 0) return;
    const ratio = sentChars / inputTokens;
    if (ratio < CHARS_PER_TOKEN * 0.95) this.charsPerToken = Math.min(this.charsPerToken, Math.max(2, ratio));
  }

  /** The model's reply and the code cells it ran. */
  addReply(reply: string, cells: readonly string[]): void {
    this.turns.push({ reply, cells, names: [...new Set(cells.flatMap(declaredNames))], footer: '' });
  }

  /** What the turn's cells printed and the notes for the model, capped together; `footer` is never cut. */
  addFeedback(parts: readonly string[], footer = ''): void {
    const turn = this.turns.at(-1);
    if (!turn) throw new Error('addFeedback before addReply');
    turn.feedback = capTurn(parts, this.turnCapChars);
    turn.footer = footer;
  }

  /**
   * After a context-length error on a prompt of `failedChars`: at most half the budget and 60%
   * of what failed, and no more than the window the server named (servers like Ollama name none).
   */
  shrink(failedChars: number, limitTokens?: number): void {
    const named = limitTokens ? promptBudgetChars(limitTokens, this.charsPerToken) : Infinity;
    this.cap = Math.max(4_000, Math.floor(Math.min(this.budgetChars / 2, failedChars * 0.6, named)));
  }

  /** The messages to send now (with `extra` last, e.g. the best-answer request), within the budget. */
  render(extra?: ChatMessage): { messages: ChatMessage[]; report: ContextReport } {
    const { system, opening } = this.options;
    const head: ChatMessage[] = [
      { role: 'system', content: system },
      { role: 'user', content: opening },
    ];
    const tail = extra ? [extra] : [];
    const latest = this.turns.at(-1);
    const older = this.turns.slice(0, -1);
    const verbatimChars = this.turns.reduce(
      (n, t, i) => n + t.reply.length + (t.feedback ? this.userText(t, i === this.turns.length - 1).length : 0),
      0,
    );
    const size = (messages: readonly ChatMessage[]) => messages.reduce((n, m) => n + m.content.length, 0);
    const fixed = size(head) + size(tail);
    const budget = this.budgetChars;

    let latestMessages = latest ? this.turnMessages(latest, 'verbatim', true) : [];
    let olderMessages = older.flatMap((t) => this.turnMessages(t, 'digest', false));
    let first = 0;
    // The note that says which turns are left out, once some are.
    const noteChars = () => (first > 0 ? leftOutNote(first).length + SEPARATOR.length : 0);
    const over = () => fixed + noteChars() + size(olderMessages) + size(latestMessages) > budget;
    if (over()) {
      olderMessages = older.flatMap((t) => this.turnMessages(t, 'brief', false));
      // Leave out the oldest turns until the rest fits.
      while (first < older.length && over()) {
        first++;
        olderMessages = older.slice(first).flatMap((t) => this.turnMessages(t, 'brief', false));
      }
    }
    let latestCut = false;
    const room = budget - fixed - noteChars() - size(olderMessages);
    if (latest && size(latestMessages) > room) {
      latestMessages = this.cutToFit(latestMessages, Math.max(1_000, room));
      latestCut = true;
    }
    const turnMessages = [...olderMessages, ...latestMessages];
    const noteAt = turnMessages.findIndex((m) => m.role === 'user');
    if (first > 0 && noteAt >= 0)
      turnMessages[noteAt] = { role: 'user', content: `${leftOutNote(first)}${SEPARATOR}${turnMessages[noteAt]!.content}` };
    const messages = [...head, ...turnMessages, ...tail];
    const chars = size(messages);
    const report: ContextReport = { chars, budgetChars: budget, latestCut, savedChars: Math.max(0, fixed + verbatimChars - chars) };
    if (older.length > first) report.compacted = [first + 1, older.length];
    if (first > 0) report.omitted = [1, first];
    return { messages, report };
  }

  private turnMessages(turn: Turn, form: 'verbatim' | 'digest' | 'brief', latest: boolean): ChatMessage[] {
    const reply: ChatMessage = {
      role: 'assistant',
      content:
        form === 'verbatim' ? turn.reply : compactReply(turn.reply, form === 'brief' ? turn.cells.map((c) => clip(c, 300)) : turn.cells),
    };
    if (!turn.feedback) return [reply];
    if (form === 'verbatim') return [reply, { role: 'user', content: this.userText(turn, latest) }];
    const digest =
      form === 'digest' ? turn.feedback.map((p) => digestFeedback(p, turn.names)) : turn.feedback.map((p) => briefly(p, turn.names));
    return [reply, { role: 'user', content: digest.join(SEPARATOR) }];
  }

  /** The feedback as sent; the latest turn restates the question so it never scrolls away. */
  private userText(turn: Turn, latest: boolean): string {
    const body = (turn.feedback ?? []).join(SEPARATOR) + turn.footer;
    return latest ? `Question: ${clip(this.options.question, QUESTION_CHARS)}${SEPARATOR}${body}` : body;
  }

  /** The latest turn within `room`: the reply keeps up to a quarter, the feedback its head and tail. */
  private cutToFit(messages: ChatMessage[], room: number): ChatMessage[] {
    const [reply, feedback] = messages;
    const replyText = clip(reply!.content, Math.floor(room / 4));
    const out: ChatMessage[] = [{ role: 'assistant', content: replyText }];
    if (feedback) {
      const left = Math.max(200, room - replyText.length);
      const text = feedback.content;
      const marker = `\n… [cut to fit the context window: ${formatCount(text.length - left)} characters not shown] …\n`;
      const keep = Math.max(0, left - marker.length);
      out.push({
        role: 'user',
        content:
          text.length <= left ? text : text.slice(0, Math.ceil(keep * 0.8)) + marker + text.slice(text.length - Math.floor(keep * 0.2)),
      });
    }
    return out;
  }
}

const leftOutNote = (turns: number) =>
  `[turns 1–${turns} are left out to fit the context window; what they defined is still in the sandbox]`;

/** One line per piece of feedback: what it was and how big. */
function briefly(part: string, names: readonly string[]): string {
  if (part.length <= 200) return part;
  const heading = /^\[[^\]\n]{1,80}\]/.exec(part)?.[0] ?? '[output]';
  return `${heading} ${formatCount(part.length)} characters${names.length ? `; variables: ${names.join(', ')}` : ''}`;
}

/** The report as the trace shows it. */
export function describeContext(report: ContextReport): string {
  const parts = [
    `prompt ${formatCount(report.chars)} chars ≈ ${formatCount(estimateTokens(report.chars))} tokens (budget ${formatCount(report.budgetChars)} chars)`,
  ];
  if (report.compacted) parts.push(`turns ${range(report.compacted)} compacted to code + digest`);
  if (report.omitted) parts.push(`turns ${range(report.omitted)} left out`);
  if (report.latestCut) parts.push('the latest turn cut to fit');
  if (report.savedChars) parts.push(`${formatCount(report.savedChars)} chars saved`);
  return `context: ${parts.join('; ')}`;
}

const range = ([a, b]: [number, number]) => (a === b ? String(a) : `${a}–${b}`);
