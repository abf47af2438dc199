// Reads a root-model reply the way docs/ARCHITECTURE.md's protocol says: every fenced block tagged js,
// javascript or repl is a code cell, run in order; a reply without code whose last line
// outside fences is FINAL(...) ends the run with that text.

export interface ParsedReply {
  cells: string[];
  /** The text of a `FINAL(...)` on the last line outside fences, when the reply has no code. */
  finalText?: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)[^\n]*\n([\s\S]*?)^\1?\2[`~]*\s*$/gm;
const CODE_TAGS = new Set(['js', 'javascript', 'repl']);

export function parseReply(reply: string): ParsedReply {
  const text = reply.replace(/\r\n/g, '\n');
  const cells: string[] = [];
  let outside = '';
  let last = 0;
  for (const match of text.matchAll(FENCE)) {
    outside += text.slice(last, match.index);
    last = match.index + match[0].length;
    if (CODE_TAGS.has(match[3].toLowerCase()) && match[4].trim()) cells.push(match[4].replace(/\n$/, ''));
  }
  // A fence that never closes (a reply cut at the token limit) hides the rest: neither code to
  // run nor a FINAL to trust.
  const rest = text.slice(last);
  const unclosed = /^\s*(`{3,}|~{3,})/m.exec(rest);
  outside += unclosed ? rest.slice(0, unclosed.index) : rest;
  if (cells.length) return { cells };
  const finalText = finalFromText(outside);
  return finalText === undefined ? { cells } : { cells, finalText };
}

/** `FINAL(answer)` on the last non-empty line; the answer may be quoted and may span lines. */
function finalFromText(outside: string): string | undefined {
  const match = /(?:^|\n)\s*FINAL\(([\s\S]*)\)\s*$/.exec(outside.trimEnd());
  if (!match) return undefined;
  const inner = match[1].trim();
  const quoted = /^(["'`])([\s\S]*)\1$/.exec(inner);
  if (!quoted) return inner;
  if (quoted[1] === '"') {
    try {
      return JSON.parse(inner) as string;
    } catch {
      // fall through: not valid JSON, keep the text between the quotes
    }
  }
  return quoted[2];
}
