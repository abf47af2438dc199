// The part of a follow-up's first message that says what came before: the earlier questions
// and answers (the latest one longest, all of them cut) and the variables the REPL still holds,
// by name, type and size. Bounded, so the root context stays small however long the conversation.
import type { OutcomeStatus } from '../../protocol/messages.js';
import type { VariableListing } from '../session/variables.js';

export interface PastExchange {
  question: string;
  answer: string;
  status: OutcomeStatus;
}

/** The latest answer is kept up to this many characters, older ones much shorter. */
export const LATEST_ANSWER_CHARS = 3_000;
const OLDER_ANSWER_CHARS = 600;
const QUESTION_CHARS = 500;
/** Exchanges shown; older ones are only counted. */
const SHOWN_EXCHANGES = 4;

export function earlierQuestions(exchanges: readonly PastExchange[], listing: VariableListing, lost?: string): string {
  const shown = exchanges.slice(-SHOWN_EXCHANGES);
  const left = exchanges.length - shown.length;
  const parts = ['This is a follow-up. Earlier in this conversation (oldest first):'];
  if (left > 0) parts.push(`(${left} earlier question${left === 1 ? '' : 's'} left out)`);
  shown.forEach((exchange, i) => {
    const latest = i === shown.length - 1;
    const status = exchange.status === 'done' ? '' : ` (${exchange.status})`;
    parts.push(
      `Question: ${cut(exchange.question, QUESTION_CHARS)}`,
      `Answer${status}: ${exchange.answer.trim() ? cut(exchange.answer.trim(), latest ? LATEST_ANSWER_CHARS : OLDER_ANSWER_CHARS) : '(none)'}`,
    );
  });
  parts.push('', variablesText(listing, lost));
  return parts.join('\n');
}

function variablesText(listing: VariableListing, lost: string | undefined): string {
  const gone = lost ? `Variables from earlier questions are gone: ${lost}.` : '';
  if (listing.problem) return [gone, `The REPL's variables could not be listed: ${cut(listing.problem, 200)}`].filter(Boolean).join('\n');
  if (listing.variables.length === 0) return gone || 'The earlier code left no variables in the REPL.';
  const lines = listing.variables.map((v) => `- ${v.name}: ${v.kind}`);
  if (listing.more > 0) lines.push(`- … and ${listing.more} more (Object.keys(globalThis) lists them)`);
  const heading = lost
    ? `${gone} These variables exist now (name: type and size; print what you need):`
    : 'Variables that earlier code left in the REPL, still there (name: type and size; print what you need):';
  return [heading, ...lines].join('\n');
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [${(text.length - max).toLocaleString('en-US')} more characters cut]`;
}
