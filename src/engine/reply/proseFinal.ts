// A FINAL written in prose: `FINAL(answer)` or `FINAL_VAR(name)` at the start of a line
// outside any code block. The answer is markdown and may hold parentheses, code spans and
// whole code blocks; a short sign-off after the closing parenthesis is tolerated.
import type { Fence } from './fences.js';

export interface ProseFinal {
  kind: 'text' | 'var';
  /** The answer text, or the variable name for FINAL_VAR. */
  value: string;
  /** Character range of `FINAL(…)` in the reply. */
  start: number;
  end: number;
  /** Text after the closing parenthesis, dropped from the answer. */
  signOff: string;
}

const OPENING = /^[ \t]*(FINAL|FINAL_VAR)\(/gm;

export function findProseFinal(text: string, fences: readonly Fence[]): ProseFinal | undefined {
  const blocks = blockRanges(text, fences);
  const inBlock = (at: number) => blocks.some(([from, to]) => at >= from && at < to);
  for (const match of text.matchAll(OPENING)) {
    if (inBlock(match.index)) continue;
    const open = match.index + match[0].length;
    const close = closingParen(text, open, blocks);
    if (close === undefined) return undefined;
    const inner = text.slice(open, close).trim();
    const signOff = text.slice(close + 1).trim();
    if (match[1] === 'FINAL_VAR') return { kind: 'var', value: unquote(inner), start: match.index, end: close + 1, signOff };
    return { kind: 'text', value: unquote(inner), start: match.index, end: close + 1, signOff };
  }
  return undefined;
}

/**
 * The `)` that ends the answer. Parentheses inside code spans and code blocks never count.
 * An answer that ends the reply ends at its last `)`, even with unbalanced ones inside
 * ("1) load 2) parse"); one followed by a sign-off ends where its parentheses balance.
 */
function closingParen(text: string, open: number, blocks: ReadonlyArray<readonly [number, number]>): number | undefined {
  let depth = 1;
  let balanced: number | undefined;
  let last: number | undefined;
  for (let i = open; i < text.length; i++) {
    const block = blocks.find(([from]) => from === i);
    if (block) {
      i = block[1] - 1;
      continue;
    }
    const ch = text[i];
    if (ch === '`') {
      const run = /^`+/.exec(text.slice(i))![0];
      const end = text.indexOf(run, i + run.length);
      if (end > 0) {
        i = end + run.length - 1;
        continue;
      }
      i += run.length - 1;
    } else if (ch === '(') depth++;
    else if (ch === ')') {
      last = i;
      if (--depth === 0) balanced ??= i;
    }
  }
  if (last !== undefined && !text.slice(last + 1).trim()) return last;
  // Parentheses that never balance, with text after the last one: the FINAL never closed.
  return balanced;
}

/**
 * Character ranges of the code blocks, from their opening fence to the end of their last line.
 * "```)" closes no fence in CommonMark, so such a block runs on to the end of the reply; for
 * FINAL it ends before that `)`.
 */
function blockRanges(text: string, fences: readonly Fence[]): Array<[number, number]> {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return fences.map((f) => {
    const from = starts[f.startLine] ?? text.length;
    const to = starts[f.endLine] ?? text.length;
    if (f.closed) return [from, to];
    const closer = new RegExp(`^[ \\t]*${f.marker[0] === '`' ? '`' : '~'}{${f.marker.length},}(?=\\))`, 'm').exec(
      text.slice(starts[f.startLine + 1] ?? to, to),
    );
    return [from, closer ? (starts[f.startLine + 1] ?? to) + closer.index + closer[0].length : to];
  });
}

/** `"a \"b\""` → `a "b"`; `'x'` → `x`; text that is not one quoted string stays as it is. */
function unquote(inner: string): string {
  const quoted = /^(["'`])([\s\S]*)\1$/.exec(inner);
  if (!quoted || (quoted[1] !== '"' && quoted[2]!.includes(quoted[1]!))) return inner;
  if (quoted[1] === '"') {
    try {
      return JSON.parse(inner) as string;
    } catch {
      return quoted[2]!.includes('"') ? inner : quoted[2]!;
    }
  }
  return quoted[2]!;
}
