// The direct baseline: the repository's files stuffed into one prompt, up to the model's
// context limit, then the question — what a long-context model does without an RLM.
// Tokens are estimated as characters / 4.
import type { ChatMessage } from '../../src/llm/types.js';
import type { FileTree } from '../../src/workspace/fileTree.js';
import { formatQuestion, type EvalQuestion } from './dataset.js';

/** Characters per token, the estimate used throughout. */
export const CHARS_PER_TOKEN = 4;
/** Tokens kept free for the reply. */
const REPLY_RESERVE_TOKENS = 1024;

export interface StuffedContext {
  text: string;
  files: number;
  totalFiles: number;
  /** True when files (or the end of one) did not fit. */
  truncated: boolean;
}

/** Files in listing order, each under a header, until `maxChars` are used; the last one is cut. */
export async function stuffFiles(tree: FileTree, maxChars: number): Promise<StuffedContext> {
  const all = await tree.files();
  const parts: string[] = [];
  let used = 0;
  let files = 0;
  let truncated = false;
  for (const path of all) {
    let content: string;
    try {
      content = await tree.read(path);
    } catch {
      continue; // binary or too large: a long-context prompt would skip it too
    }
    const block = `=== ${path} ===\n${content}${content.endsWith('\n') ? '' : '\n'}\n`;
    if (used + block.length > maxChars) {
      const room = maxChars - used;
      if (room > 200) {
        parts.push(`${block.slice(0, room)}\n[… cut: the context limit is reached]\n`);
        files++;
      }
      truncated = true;
      break;
    }
    parts.push(block);
    used += block.length;
    files++;
  }
  return { text: parts.join(''), files, totalFiles: all.length, truncated };
}

const instructions = (question: EvalQuestion) =>
  `What is the correct answer to this question: ${formatQuestion(question)}\n\nFormat your response as follows: "The correct answer is (insert answer here)", with the letter A, B, C or D.`;

/** The one prompt of the baseline, at most `contextTokens` (estimated) including the reply. */
export async function baselineMessages(
  tree: FileTree,
  question: EvalQuestion,
  contextTokens: number,
): Promise<{ messages: ChatMessage[]; context: StuffedContext }> {
  const head = 'Please read the following repository and answer the question below.\n\n<repository>\n';
  const tail = `</repository>\n\n${instructions(question)}`;
  const room = (contextTokens - REPLY_RESERVE_TOKENS) * CHARS_PER_TOKEN - head.length - tail.length;
  const context = await stuffFiles(tree, Math.max(0, room));
  return { messages: [{ role: 'user', content: `${head}${context.text}${tail}` }], context };
}
