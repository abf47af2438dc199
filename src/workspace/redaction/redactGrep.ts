// Redaction applied to grep results. Lines that hold a credential are shown redacted, and a match
// that exists only inside a redacted value is dropped (the pattern is checked again, by rg, on
// the redacted line), so grep cannot reveal a key prefix by prefix.
import type { ChangedLine } from './fileRedaction.js';
import type { GrepMatch, GrepQuery, GrepResult, WorkspacePath } from '../fileTree.js';
import { contextOf, GrepMatches, GrepMatchesBuilder, type RunTexts } from '../grepMatches.js';
import { MAX_LINE_CHARS, truncateLine } from '../grep.js';
import { runRipgrep } from '../ripgrep.js';

/** The changed lines of a file around the given line numbers. */
export type ChangedLinesOf = (path: WorkspacePath, lines: readonly number[]) => Promise<ReadonlyMap<number, ChangedLine>>;

interface Recheck {
  index: number;
  copy: GrepMatch;
  text: string;
}

/** `marked`: the files that may hold a credential (a marker line); matches elsewhere stay as they are. */
export async function redactGrepResult(
  result: GrepResult,
  query: GrepQuery,
  marked: ReadonlySet<WorkspacePath>,
  changedLinesOf: ChangedLinesOf,
  rgPath?: string,
): Promise<GrepResult> {
  /** The marked files' matches as objects, by their index in result.matches: only these can change. */
  const byPath = new Map<WorkspacePath, Map<number, GrepMatch>>();
  const markedRuns = new Set<number>();
  result.matches.eachRun((path, from, to, run) => {
    if (!marked.has(path)) return;
    markedRuns.add(run);
    let ofPath = byPath.get(path);
    if (!ofPath) byPath.set(path, (ofPath = new Map()));
    const texts = result.matches.textsOf(run);
    for (let i = from; i < to; i++) ofPath.set(i, result.matches.row(i, path, texts[i - from]!));
  });
  /** Replaced matches by index; null = dropped; absent = unchanged. */
  const outcome = new Map<number, GrepMatch | null>();
  const rechecks: Recheck[] = [];
  await Promise.all(
    [...byPath].map(async ([path, matches]) => {
      const changed = await changedLinesOf(path, [...matches.values()].flatMap(linesAround));
      if (changed.size === 0) return;
      // A context line is placed by position; the lookup by text catches one placed off by a cut multiline match.
      const byRawText = new Map([...changed.values()].map((line) => [truncateLine(line.raw), line.redacted]));
      for (const [index, match] of matches) redactMatch(index, match, changed, byRawText, outcome, rechecks);
    }),
  );
  const columns = await firstMatchColumns(
    query,
    rechecks.map((r) => r.text),
    rgPath,
  );
  rechecks.forEach(({ index, copy, text }, i) => {
    const column = columns[i];
    if (column === undefined) {
      outcome.set(index, null);
      return;
    }
    copy.column = column;
    copy.text = truncateLine(text, MAX_LINE_CHARS, column - 1);
  });
  if (outcome.size === 0) return result;
  const matches = replaced(result.matches, markedRuns, outcome);
  // "More matches than maxResults" after a drop could count matches inside values: not said then.
  const truncated = result.truncated && matches.length === result.matches.length;
  return { matches, truncated, ...(result.note ? { note: result.note } : {}) };
}

/** `matches` with the given ones replaced or (null) dropped: only the runs in `changedRuns` are rebuilt. */
function replaced(matches: GrepMatches, changedRuns: ReadonlySet<number>, outcome: ReadonlyMap<number, GrepMatch | null>): GrepMatches {
  if ([...outcome.values()].includes(null)) return withoutDropped(matches, changedRuns, outcome);
  const columns = matches.columns.slice();
  const texts = matches.texts.slice();
  const context = matches.context?.slice();
  matches.eachRun((_path, from, to, run) => {
    if (!changedRuns.has(run)) return;
    const runTexts = matches.textsOf(run);
    for (let i = from; i < to; i++) {
      const match = outcome.get(i);
      if (!match) continue;
      columns[i] = match.column;
      runTexts[i - from] = match.text;
      if (context) context[i] = contextOf(match);
    }
    texts[run] = joinedLike(matches.texts[run]!, runTexts);
  });
  return new GrepMatches(matches.files, matches.counts, matches.lines, columns, texts, context);
}

/** The rare case where a match exists only inside a redacted value: the runs are built anew. */
function withoutDropped(
  matches: GrepMatches,
  changedRuns: ReadonlySet<number>,
  outcome: ReadonlyMap<number, GrepMatch | null>,
): GrepMatches {
  const kept = new GrepMatchesBuilder();
  matches.eachRun((path, from, to, run) => {
    if (!changedRuns.has(run)) return kept.addRange(matches, run, from, from, to);
    const texts = matches.textsOf(run);
    const rows: GrepMatch[] = [];
    for (let i = from; i < to; i++) {
      const row = outcome.has(i) ? outcome.get(i) : matches.row(i, path, texts[i - from]!);
      if (row) rows.push(row);
    }
    const context = matches.context && rows.map(contextOf);
    const lines = rows.map((row) => row.line);
    kept.addRun(
      path,
      lines,
      rows.map((row) => row.column),
      joinedLike(
        matches.texts[run]!,
        rows.map((row) => row.text),
      ),
      context,
    );
  });
  return kept.build();
}

/** A run's new texts in the form of its old ones: joined by newlines unless one holds a newline. */
function joinedLike(old: RunTexts, texts: string[]): RunTexts {
  return typeof old === 'string' && !texts.some((text) => text.includes('\n')) ? texts.join('\n') : texts;
}

function redactMatch(
  index: number,
  match: GrepMatch,
  changed: ReadonlyMap<number, ChangedLine>,
  byRawText: ReadonlyMap<string, string>,
  outcome: Map<number, GrepMatch | null>,
  rechecks: Recheck[],
): void {
  const last = lastLine(match);
  const context = (text: string, line: number): string => {
    const own = changed.get(line);
    const redacted = own && truncateLine(own.raw) === text ? own.redacted : byRawText.get(text);
    return redacted === undefined ? text : truncateLine(redacted);
  };
  const copy: GrepMatch = { ...match };
  const { before, after } = match;
  if (before) copy.before = before.map((text, i) => context(text, match.line - before.length + i));
  if (after) copy.after = after.map((text, i) => context(text, last + 1 + i));
  outcome.set(index, copy);
  const lines = range(match.line, last);
  if (!lines.some((n) => changed.has(n))) return;
  const texts = lines.map((n) => changed.get(n)?.redacted ?? rawLine(match, n));
  if (texts.some((text) => text === undefined)) {
    outcome.set(index, null); // a cut multiline match whose lines cannot be rebuilt: left out
    return;
  }
  rechecks.push({ index, copy, text: texts.join('\n') });
}

function lastLine(match: GrepMatch): number {
  return match.line + (match.text.match(/\n/g)?.length ?? 0);
}

function linesAround(match: GrepMatch): number[] {
  return range(match.line - (match.before?.length ?? 0), lastLine(match) + (match.after?.length ?? 0));
}

/** Line n of a match as rg gave it, when the text was not cut. */
function rawLine(match: GrepMatch, n: number): string | undefined {
  if (match.text.length >= MAX_LINE_CHARS) return undefined;
  return match.text.split('\n')[n - match.line];
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let n = Math.max(1, from); n <= to; n++) out.push(n);
  return out;
}

/**
 * 1-based JS-string column of the pattern's first match in each text, undefined where it does not
 * match. rg itself checks, with the query's flags, so the semantics are exactly grep's: one run over
 * NUL-separated records for single-line patterns, one run per text for multiline ones.
 */
async function firstMatchColumns(query: GrepQuery, texts: readonly string[], rgPath?: string): Promise<(number | undefined)[]> {
  if (query.multiline) return Promise.all(texts.map(async (text) => (await searchRecords(query, [text], rgPath))[0]));
  return texts.length ? searchRecords(query, texts, rgPath) : [];
}

async function searchRecords(query: GrepQuery, texts: readonly string[], rgPath?: string): Promise<(number | undefined)[]> {
  const multiline = query.multiline === true;
  const records = texts.map((text) => text.replace(/\0/g, ' '));
  const columns: (number | undefined)[] = texts.map(() => undefined);
  await runRipgrep({
    args: [
      '--no-config',
      ...(multiline ? ['--multiline', '--multiline-dotall'] : ['--null-data']),
      ...['--line-number', '--column', '--only-matching', '--replace', '', '--no-filename', '--color', 'never', '--engine', 'auto'],
      query.ignoreCase ? '--ignore-case' : '--case-sensitive',
      '--regexp',
      query.pattern,
      '-',
    ],
    cwd: process.cwd(),
    separator: multiline ? '\n' : '\0',
    signal: query.signal,
    rgPath,
    input: multiline ? records[0] : `${records.join('\0')}\0`,
    onRecord: (record) => {
      const [line, byteColumn] = record.split(':').map(Number);
      const i = multiline ? 0 : line - 1;
      if (!Number.isInteger(i) || i < 0 || i >= records.length || columns[i] !== undefined) return;
      // A multiline match that now starts on a later line is still a match; its column is the line's start.
      const lineText = multiline ? (records[0].split('\n')[line - 1] ?? '') : records[i];
      const column =
        multiline && line > 1
          ? 1
          : Buffer.from(lineText, 'utf8')
              .subarray(0, byteColumn - 1)
              .toString('utf8').length + 1;
      columns[i] = column;
    },
  });
  return columns;
}
