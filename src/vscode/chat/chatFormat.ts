// Pure helpers of the @rlm chat participant: the answer as safe markdown with citation links,
// the /folder argument, and the previous exchange for follow-ups. No vscode import.
import { linkTarget } from '../../common/answerPolicy.js';
import { findCitations, parseCitation } from '../../common/citations.js';
import type { GradedCitation } from '../../protocol/citations.js';
import { citationLinker, type CitationLinker, type FileUrl } from './chatCitations.js';

// What the answer's markdown holds besides plain text, found left to right.
const PIECES = new RegExp(
  [
    /(`+)[\s\S]*?\1/.source, // 1: a code span
    /(!?)\[((?:[^[\]\n]|\[[^[\]\n]*\])*)\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/.source, // 2 image mark, 3 text, 4 target
    /!(?=\[)/.source, // the mark of a reference-style image (`![logo][r]`), shown as a link
    /<([a-z][a-z0-9+.-]*:[^<>\s]*)>/.source, // 5: an autolink
    /<\/?[a-z!?][^<>]*>/.source, // raw HTML
    /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>]*/.source, // a bare URL: no citation inside it
  ].join('|'),
  'gi',
);
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?.*$/gm;

/**
 * The model's answer as markdown for `stream.markdown`, under the answer policy the panel uses
 * too (common/answerPolicy.ts): links only to http(s) pages or workspace files, images shown
 * as links, raw HTML shown as text, and `path:line` citations linked to the file — never inside
 * code blocks or URLs.
 */
export function linkCitations(answer: string, fileUrl: FileUrl, citations?: readonly GradedCitation[]): string {
  const linker = citationLinker(fileUrl, citations);
  return answer
    .split(/(```[\s\S]*?```|~~~[\s\S]*?~~~)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : safeText(
            part.replace(REFERENCE_DEFINITION, (line, href: string) => (linkTarget(href)?.kind === 'web' ? line : '')),
            linker,
          ),
    )
    .join('');
}

function safeText(text: string, linker: CitationLinker): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PIECES)) {
    out += linkPlainCitations(text.slice(last, m.index), linker);
    out += safePiece(m, linker);
    last = m.index + m[0].length;
  }
  return out + linkPlainCitations(text.slice(last), linker);
}

function safePiece(m: RegExpMatchArray, linker: CitationLinker): string {
  const [whole, ticks, image, label, href, autolink] = m;
  if (ticks) {
    const code = whole.slice(ticks.length, -ticks.length);
    const citation = parseCitation(code);
    return (citation && linker.markup(code.trim(), citation)) ?? whole;
  }
  if (href !== undefined) {
    // The label may itself hold an image (`[![x](…)](…)`): it follows the same policy.
    const text = label ? safeText(label, linker) : image ? 'image' : href;
    const target = linkTarget(href);
    if (target?.kind === 'web') return `[${text}](${target.href})`;
    const url = target && linker.url(target.citation);
    return url ? `[${text}](${url})` : text;
  }
  if (autolink !== undefined) return linkTarget(autolink)?.kind === 'web' ? whole : `\\<${autolink}\\>`;
  if (whole === '!') return '\\!';
  if (whole.startsWith('<')) return `\\${whole}`; // raw HTML, shown as text
  return whole;
}

function linkPlainCitations(text: string, linker: CitationLinker): string {
  let out = '';
  let last = 0;
  for (const c of findCitations(text)) {
    const markup = linker.markup(text.slice(c.start, c.end), c);
    if (markup === undefined) continue;
    out += `${text.slice(last, c.start)}${markup}`;
    last = c.end;
  }
  return out + text.slice(last);
}

/** "/folder src/engine where are retries?" → folder "src/engine", question "where are retries?". */
export function splitFolderPrompt(prompt: string): { folder?: string; question: string } {
  const match = /^\s*("([^"]+)"|\S+)\s*([\s\S]*)$/.exec(prompt);
  if (!match) return { question: prompt.trim() };
  const folder = (match[2] ?? match[1]).replace(/\/+$/, '');
  return { folder, question: match[3].trim() };
}

export interface RlmChatMetadata {
  runId: string;
  question: string;
  answer: string;
}

/** The last exchange of this participant in the chat history, if it answered. */
export function previousExchange(
  history: ReadonlyArray<{ metadata?: unknown } | object>,
): { runId: string; question: string; answer: string } | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const meta = (history[i] as { result?: { metadata?: unknown } }).result?.metadata;
    if (isMetadata(meta) && meta.answer) return { runId: meta.runId, question: meta.question, answer: meta.answer };
  }
  return undefined;
}

function isMetadata(value: unknown): value is RlmChatMetadata {
  const v = value as Partial<RlmChatMetadata> | undefined;
  return (
    typeof v === 'object' && v !== null && typeof v.runId === 'string' && typeof v.question === 'string' && typeof v.answer === 'string'
  );
}
