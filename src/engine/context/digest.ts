// The short, constant-size form an older turn keeps in the root's history (the RLM keeps only
// metadata about each output): its code, and for each long piece of feedback its size, its
// first lines, its errors and the variables that now hold the data. The model can print a
// slice of those variables again; the full text stays in the trace.
import { clip } from '../subcallFunctions.js';
import { formatCount } from './window.js';

/** Feedback this short is kept whole when its turn is compacted. */
export const KEEP_WHOLE_CHARS = 600;
const FIRST_LINES = 3;
const LINE_CHARS = 160;
const CODE_CHARS = 1_500;

/** Names a cell declares or assigns at the top level (TypeScript too); what later cells can read. */
export function declaredNames(code: string): string[] {
  const names = new Set<string>();
  const add = (name: string) => /^[A-Za-z_$][\w$]*$/.test(name) && names.add(name);
  for (const line of code.split('\n')) {
    // Top level only: unindented lines.
    const declaration = /^(?:export\s+)?(?:const|let|var)\s+(.+)/.exec(line);
    if (declaration) {
      const target = declaration[1]!;
      const pattern = /^[{[](.*)[}\]]\s*(?::[^=]*)?=/.exec(target);
      if (pattern)
        pattern[1]!.split(',').forEach((part) =>
          add(
            part
              .split(':')
              .pop()!
              .split('=')[0]!
              .replace(/\.\.\./, '')
              .trim(),
          ),
        );
      else add(/^([A-Za-z_$][\w$]*)/.exec(target)?.[1] ?? '');
      continue;
    }
    const named =
      /^(?:export\s+)?(?:async\s+)?(?:function\*?|class)\s+([A-Za-z_$][\w$]*)/.exec(line) ??
      /^(?:globalThis\.)?([A-Za-z_$][\w$]*)\s*=(?!=)/.exec(line);
    if (named) add(named[1]!);
  }
  return [...names];
}

/** An older reply as its code only (prose and reasoning dropped); a reply without code keeps its start. */
export function compactReply(reply: string, cells: readonly string[]): string {
  if (!cells.length) return clip(reply.trim(), KEEP_WHOLE_CHARS);
  return cells.map((code) => `\`\`\`js\n${clip(code, CODE_CHARS)}\n\`\`\``).join('\n\n');
}

/**
 * One piece of feedback (a cell's output, a notice) as it stays in the history. A first line
 * like "[cell 1 output]" stays as the heading; errors stay; `names` are the variables the turn set.
 */
export function digestFeedback(part: string, names: readonly string[]): string {
  if (part.length <= KEEP_WHOLE_CHARS) return part;
  const lines = part.split('\n');
  const heading = /^\[[^\]\n]{1,80}\]$/.test(lines[0]!) ? lines.shift()! : undefined;
  const errors = lines.filter((l) => /^\[cell \d+ error\]|^\[the sandbox was restarted/.test(l)).map((l) => clip(l, 400));
  const body = lines.filter((l) => !errors.includes(l));
  const size = `${formatCount(body.join('\n').length)} characters in ${formatCount(body.length)} lines`;
  const first = body.slice(0, FIRST_LINES).map((l) => clip(l, LINE_CHARS));
  const where = names.length
    ? `the data is in ${names.map((n) => `\`${n}\``).join(', ')}: print a slice of it if you need it again`
    : 'keep data in variables and print slices of them';
  return [
    `${heading ?? '[output]'} (compacted: ${size}; the first lines were:)`,
    ...first,
    `… [not shown any more: ${where}]`,
    ...errors,
  ].join('\n');
}
