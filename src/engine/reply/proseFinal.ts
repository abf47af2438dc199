// A FINAL written in prose: `FINAL(answer)` or `FINAL_VAR(name)` outside any code block, at the
// start of a line or ending a sentence ("So the answer is FINAL(…)", as the Python RLM's prompts
// teach models to write it). The answer is markdown and may hold parentheses, code spans and
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

/** At a line's start, or after a space within one (never `x.FINAL(` or `"FINAL(`). */
const OPENING = /(?<=^|[ \t])(FINAL|FINAL_VAR)\(/gm;

export function findProseFinal(text: string, fences: readonly Fence[]): ProseFinal | undefined {
  const blocks = blockRanges(text, fences);
  const inBlock = (at: number) => blocks.some(([from, to]) => at >= from && at < to);
  for (const match of text.matchAll(OPENING)) {
    if (inBlock(match.index)) continue;
    const lineStart = text.lastIndexOf('\n', match.index - 1) + 1;
    const prefix = text.slice(lineStart, match.index);
    const midLine = prefix.trim() !== '';
    if (midLine && !introducesAnswer(prefix)) continue;
    const open = match.index + match[0].length;
    const close = closingParen(text, open, blocks);
    if (close === undefined) {
      if (midLine) continue;
      return undefined;
    }
    // Mid-line, the FINAL must end its sentence: "I will call FINAL(x) later." only mentions it.
    if (midLine && !SENTENCE_END.test(text.slice(close + 1))) continue;
    const inner = text.slice(open, close).trim();
    const signOff = text
      .slice(close + 1)
      .replace(/^[.!*_\s]+/, '')
      .trim(); // "FINAL(x)." ends a sentence
    if (match[1] === 'FINAL_VAR') return { kind: 'var', value: unquote(inner), start: match.index, end: close + 1, signOff };
    return { kind: 'text', value: unquote(inner), start: match.index, end: close + 1, signOff };
  }
  return undefined;
}

/** What may follow a mid-line FINAL's `)` on its line: closing punctuation or emphasis. */
const SENTENCE_END = /^[ \t.!*_]*(\n|$)/;

/** Words after which FINAL is being talked about, not given: "I will call FINAL(x)", "then use FINAL_VAR(name)". */
const MENTIONING = new Set(
  'call calls calling called use uses using used invoke invoking return returns returning await with via by through then write writing output print printing submit like as e.g. i.e. not no the a an of in into'.split(
    ' ',
  ),
);

/**
 * Whether the text before a mid-line FINAL hands over an answer ("So the answer is", "Therefore:")
 * rather than being code (a comment, a string, an expression) or a sentence about calling FINAL.
 */
function introducesAnswer(prefix: string): boolean {
  const before = prefix.trimEnd();
  if (/\/\/|\/\*|^\s*#/.test(before)) return false; // a comment
  if ((before.match(/`/g) ?? []).length % 2 === 1) return false; // inside a code span
  if ((before.match(/"/g) ?? []).length % 2 === 1) return false; // inside a string
  if (/(?:[=([{,+&|?;<]|=>)$/.test(before)) return false; // an expression: `x = FINAL(`, `f(a, FINAL(`
  const lastWord = /([\w.]+)[*_]*$/.exec(before)?.[1]?.toLowerCase();
  return lastWord === undefined || !MENTIONING.has(lastWord);
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
