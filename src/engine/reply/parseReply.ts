// Reads a root-model reply as docs/ARCHITECTURE.md's protocol says: reasoning removed, then markdown
// tokenized; every block tagged js, javascript, repl, mjs, jsx, ts, typescript or tsx is a
// cell (TypeScript runs with its types stripped), and so is a bare block of JavaScript; a
// FINAL(...) in prose holds a markdown answer whose own code blocks never run.
import { findFences, type Fence } from './fences.js';
import { looksLikeRunnableJavaScript, prepareCell } from './javascript.js';
import { findProseFinal, type ProseFinal } from './proseFinal.js';
import { stripReasoning } from './reasoning.js';

export interface ReplyCell {
  code: string;
  /** The block's tag as written ("" for a bare block). */
  lang: string;
  typesStripped: boolean;
}

export interface ParsedReply {
  /** The reply without its reasoning: what the conversation keeps. */
  text: string;
  cells: ReplyCell[];
  /** A FINAL in prose; the run accepts it only from a reply without cells. */
  final?: ProseFinal;
  /** Characters of `<think>` reasoning removed from the text. */
  reasoningChars: number;
  /** Tags of blocks in a language the REPL does not run (python, bash, …). */
  foreign: string[];
  /** A code block that never closed (the reply was cut): not run. */
  unclosed: boolean;
}

const CODE_TAGS = new Set(['js', 'javascript', 'repl', 'mjs', 'jsx', 'ts', 'typescript', 'tsx']);
export const PYTHON_TAGS = new Set(['python', 'py', 'python3', 'ipython']);
export const SHELL_TAGS = new Set(['bash', 'sh', 'shell', 'zsh', 'console']);

export function parseReply(reply: string): ParsedReply {
  const { text, removedChars } = stripReasoning(reply.replace(/\r\n?/g, '\n'));
  const fences = findFences(text);
  const final = findProseFinal(text, fences);
  const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)];
  const inFinal = (f: Fence) =>
    final !== undefined && (lineStarts[f.startLine] ?? 0) >= final.start && (lineStarts[f.startLine] ?? 0) < final.end;

  const parsed: ParsedReply = { text, cells: [], reasoningChars: removedChars, foreign: [], unclosed: false, ...(final ? { final } : {}) };
  for (const fence of fences) {
    if (inFinal(fence)) continue;
    const runnable = CODE_TAGS.has(fence.lang) || (fence.lang === '' && looksLikeRunnableJavaScript(fence.content));
    if (PYTHON_TAGS.has(fence.lang) || SHELL_TAGS.has(fence.lang)) parsed.foreign.push(fence.lang);
    if (!runnable || !fence.content.trim()) continue;
    // A block cut off mid-way would run half a program.
    if (!fence.closed) {
      parsed.unclosed = true;
      continue;
    }
    const cell = prepareCell(fence.content, fence.lang);
    parsed.cells.push({ code: cell.code, lang: fence.lang, typesStripped: cell.typesStripped });
  }
  return parsed;
}
