// Fenced blocks found the way CommonMark finds them (markdown-it's block tokenizer): a fence
// closes only on a line of the same character, at least as long, with nothing after it, so
// a ```ts block inside a ````js cell, or inside a prose answer, stays where it belongs.
import { replyParsers } from './replyParsers.js';

export interface Fence {
  /** First word of the info string, lower-cased ("" for a bare fence). */
  lang: string;
  content: string;
  /** Line of the opening fence (0-based) and the line after the block. */
  startLine: number;
  endLine: number;
  /** False when the block runs to the end of the reply without a closing fence (a cut reply). */
  closed: boolean;
  /** The opening marker, e.g. "```" or "~~~~". */
  marker: string;
}

export function findFences(text: string): Fence[] {
  const lines = text.split('\n');
  return replyParsers()
    .markdown.parse(text, {})
    .filter((token) => token.type === 'fence' && token.map)
    .map((token) => {
      const [startLine, endLine] = token.map!;
      const last = endLine - 1 > startLine ? lines[endLine - 1]! : '';
      return {
        lang: token.info.trim().split(/\s+/)[0]!.toLowerCase(),
        content: token.content.replace(/\n$/, ''),
        startLine,
        endLine,
        closed: isClosingFence(last, token.markup),
        marker: token.markup,
      };
    });
}

function isClosingFence(line: string, marker: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= marker.length && /^(`+|~+)$/.test(trimmed) && trimmed[0] === marker[0];
}
