// grep's matches as columns, built straight from rg's output: each file's path once per run of
// its matches, every match's line and column, and each run's texts as one string, joined by
// newlines, when none holds a newline (single-line searches). 189k matches cost a few arrays and
// one string per file, not 189k objects and strings; the sandbox gets them as a reply table whose
// tail is those strings (engine/repl/grepReply.ts), and rows() builds objects only where a
// consumer needs them. No Node imports: the engine reads it.
import type { GrepMatch, WorkspacePath } from './fileTree.js';

/** The context lines grep found around one match (contextLines > 0). */
export interface MatchContext {
  before?: string[];
  after?: string[];
}

/** A run's texts: joined by "\n" (none holds one), or one by one (multiline matches). */
export type RunTexts = string | string[];

export class GrepMatches {
  static readonly EMPTY = new GrepMatches([], [], [], [], []);

  constructor(
    /** Each file once per run of its matches, in result order. */
    readonly files: WorkspacePath[],
    /** How many matches each run holds (at least one). */
    readonly counts: number[],
    readonly lines: number[],
    /** 1-based column of each match in its text (JS string index + 1). */
    readonly columns: number[],
    /** Each run's texts. */
    readonly texts: RunTexts[],
    /** Each match's context lines, when grep was asked for some. */
    readonly context?: ReadonlyArray<MatchContext | undefined>,
  ) {}

  /** Matches given as objects (fakes, tests, the in-memory tree). */
  static of(rows: readonly GrepMatch[]): GrepMatches {
    const builder = new GrepMatchesBuilder();
    for (const { path, line, column, text, before, after } of rows) {
      builder.addRun(path, [line], [column], [text], before || after ? [contextOf({ before, after })] : undefined);
    }
    return builder.build();
  }

  get length(): number {
    return this.lines.length;
  }

  /** The texts of run `run`, one per match. */
  textsOf(run: number): string[] {
    const texts = this.texts[run]!;
    return typeof texts === 'string' ? texts.split('\n') : texts;
  }

  /** Every match as an object (before/after only where it has some), in order. */
  rows(): GrepMatch[] {
    const rows: GrepMatch[] = [];
    this.eachRun((path, from, to, run) => {
      const texts = this.textsOf(run);
      for (let i = from; i < to; i++) rows.push(this.row(i, path, texts[i - from]!));
    });
    return rows;
  }

  /** Match i as an object, given its file and text. */
  row(i: number, path: WorkspacePath, text: string): GrepMatch {
    const row: GrepMatch = { path, line: this.lines[i]!, column: this.columns[i]!, text };
    const context = this.context?.[i];
    if (context?.before?.length) row.before = context.before;
    if (context?.after?.length) row.after = context.after;
    return row;
  }

  /** Calls `visit` with each run's file, the range [from, to) of its matches and the run's index. */
  eachRun(visit: (path: WorkspacePath, from: number, to: number, run: number) => void): void {
    for (let run = 0, from = 0; run < this.files.length; from += this.counts[run]!, run++) {
      visit(this.files[run]!, from, from + this.counts[run]!, run);
    }
  }

  /** The first `n` matches. */
  slice(n: number): GrepMatches {
    if (n >= this.length) return this;
    const builder = new GrepMatchesBuilder();
    this.eachRun((_path, from, to, run) => {
      if (from < n) builder.addRange(this, run, from, from, Math.min(to, n));
    });
    return builder.build();
  }

  /** Only the matches in files `keep` accepts. */
  inFiles(keep: (path: WorkspacePath) => boolean): GrepMatches {
    const builder = new GrepMatchesBuilder();
    this.eachRun((path, from, to, run) => {
      if (keep(path)) builder.addRange(this, run, from, from, to);
    });
    return builder.build();
  }
}

/** Appends runs of matches in result order. */
export class GrepMatchesBuilder {
  private readonly files: WorkspacePath[] = [];
  private readonly counts: number[] = [];
  // Filled in order, never made long at once: JSON.stringify writes a holey array (new Array(n))
  // about 3× slower than a packed one (189k lines and columns in grep's reply head: 15 vs 4.5 ms each).
  private readonly lines: number[] = [];
  private readonly columns: number[] = [];
  private readonly texts: RunTexts[] = [];
  private context: Array<MatchContext | undefined> | undefined;
  private n = 0;

  /**
   * The matches of one file: rows [from, to) of `lines` and `columns`, `texts` joined by "\n" when
   * none holds one, `context` per match (indexed from 0).
   */
  addRun(
    path: WorkspacePath,
    lines: readonly number[],
    columns: readonly number[],
    texts: RunTexts,
    context?: ReadonlyArray<MatchContext | undefined>,
    from = 0,
    to = lines.length,
  ): void {
    if (to <= from) return;
    const at = this.n;
    this.files.push(path);
    this.counts.push(to - from);
    for (let i = from; i < to; i++, this.n++) {
      this.lines[this.n] = lines[i]!;
      this.columns[this.n] = columns[i]!;
    }
    this.texts.push(texts);
    context?.forEach((c, i) => c && ((this.context ??= [])[at + i] = c));
  }

  /** Matches [from, to) of run `run` of `matches`, which starts at match `runStart`. */
  addRange(matches: GrepMatches, run: number, runStart: number, from: number, to: number): void {
    if (to <= from) return;
    const whole = to - from === matches.counts[run];
    const texts = whole ? matches.texts[run]! : sliceTexts(matches.texts[run]!, from - runStart, to - runStart);
    this.addRun(matches.files[run]!, matches.lines, matches.columns, texts, matches.context?.slice(from, to), from, to);
  }

  build(): GrepMatches {
    this.lines.length = this.columns.length = this.n;
    // A sparse context array is filled out, so every consumer may index it (holes become undefined).
    const context = this.context && Array.from({ length: this.n }, (_, i) => this.context![i]);
    return new GrepMatches(this.files, this.counts, this.lines, this.columns, this.texts, context);
  }
}

/** A match's context lines, only the keys it has. */
export function contextOf({ before, after }: MatchContext): MatchContext {
  return { ...(before ? { before } : {}), ...(after ? { after } : {}) };
}

function sliceTexts(texts: RunTexts, from: number, to: number): RunTexts {
  return typeof texts === 'string' ? texts.split('\n').slice(from, to).join('\n') : texts.slice(from, to);
}
