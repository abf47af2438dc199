// What a run found, turn by turn, for a run that ends without FINAL (a limit, a cancel, a
// model failure): short sections the surfaces show under the best answer — what each turn looked at (the lines it
// read, the REPL calls it made) and the first lines of what it printed. Never the raw code.
import { withoutFencedCode } from '../../common/fencedCode.js';
import type { TraceRef } from '../../protocol/trace.js';
import type { CellResult } from '../../sandbox/sandbox.js';

const CALLS = /\b(tree|ls|glob|stat|read|peek|grep|symbols|slice|refs|outline|llm|rlm)\s*\(\s*(?:(["'`])((?:(?!\2).){0,60})\2)?/g;
const SHOWN_LINES = 6;
const LINE_CHARS = 160;
const SHOWN_TURNS = 8;

interface TurnRecord {
  turn: number;
  calls: string[];
  refs: TraceRef[];
  output: string[];
  errors: string[];
}

export class TurnFindings {
  private readonly turns = new Map<number, TurnRecord>();

  /** Notes one cell that ran in `turn`, with the lines it read. */
  cell(turn: number, code: string, result: Pick<CellResult, 'output' | 'error'>, refs: readonly TraceRef[]): void {
    const record = this.turns.get(turn) ?? { turn, calls: [], refs: [], output: [], errors: [] };
    for (const m of code.matchAll(CALLS)) {
      const call = m[3] !== undefined ? `${m[1]}(${JSON.stringify(m[3])})` : `${m[1]}()`;
      if (!record.calls.includes(call)) record.calls.push(call);
    }
    record.refs.push(...refs);
    record.output.push(...result.output.split('\n').filter((l) => l.trim()));
    if (result.error) record.errors.push(result.error.split('\n')[0] ?? '');
    this.turns.set(turn, record);
  }

  /** The sections as markdown, newest turns kept when there are many; '' when no cell ran. */
  toMarkdown(): string {
    const all = [...this.turns.values()].filter((t) => t.calls.length || t.refs.length || t.output.length || t.errors.length);
    if (all.length === 0) return '';
    const shown = all.slice(-SHOWN_TURNS);
    const left = all.length - shown.length;
    return [
      '#### What the run found, turn by turn',
      ...(left ? [`*${left} earlier turn${left === 1 ? '' : 's'} left out.*`] : []),
      ...shown.map(section),
    ].join('\n\n');
  }
}

function section(t: TurnRecord): string {
  const looked = [
    ...(t.refs.length
      ? [`read ${t.refs.map((r) => `\`${r.path}:${r.startLine}${r.endLine > r.startLine ? `-${r.endLine}` : ''}\``).join(', ')}`]
      : []),
    ...(t.calls.length ? [`called ${t.calls.map((c) => `\`${c}\``).join(', ')}`] : []),
  ];
  const lines = [`**Turn ${t.turn}** — ${looked.length ? looked.join('; ') : 'ran code'}`];
  if (t.output.length) {
    const shown = t.output.slice(0, SHOWN_LINES).map((l) => (l.length > LINE_CHARS ? `${l.slice(0, LINE_CHARS - 1)}…` : l));
    const more = t.output.length - shown.length;
    lines.push(fenced([...shown, ...(more ? [`… ${more} more line${more === 1 ? '' : 's'}`] : [])].join('\n')));
  } else if (!t.errors.length) {
    lines.push('Printed nothing.');
  }
  for (const error of t.errors) lines.push(`Error: ${error.slice(0, LINE_CHARS)}`);
  return lines.join('\n');
}

/** A text block whose fence no line of the output can close. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

/** An outcome with the findings beside its answer, when any cell ran. */
export function withFindings<T extends object>(outcome: T, findings: TurnFindings): T & { findings?: string } {
  const sections = findings.toMarkdown();
  return sections ? { ...outcome, findings: sections } : outcome;
}

/** True when a reply holds code and no words: such a reply is not an answer to show. */
export function isOnlyCode(text: string): boolean {
  return /```|~~~/.test(text) && withoutFencedCode(text).trim() === '';
}
