// grep over the workspace with ripgrep: one rg per root in parallel, results merged in (root, path, line) order.
import { ToolError, type GrepQuery, type GrepResult } from './fileTree.js';
import { GrepMatchesBuilder, type MatchContext, type RunTexts } from './grepMatches.js';
import { globsForRoot, type PathKind } from './grepGlobs.js';
import { comparePaths, stripDotSlash, visibilityArgs, type VisibilityRules } from './listing.js';
import { toWorkspacePath } from './paths.js';
import { matchLimitIn, matchLimitText, rgError } from './rgErrors.js';
import { runRipgrep } from './ripgrep.js';
import { parseRgLine, type RgLineEvent } from './rgJson.js';
import { plainChunkParser, PLAIN_OUTPUT_ARGS, type PlainLineSink } from './rgPlain.js';

/** Longer lines (minified code) are cut so one match cannot flood the model's context. */
export const MAX_LINE_CHARS = 1000;

export interface GrepScope {
  roots: readonly string[];
  rootPaths: readonly string[];
  rules: VisibilityRules;
  kindOf: (workspacePath: string) => PathKind;
  /**
   * Told of each file once rg has handed over all its matches (its block ended: rg read it whole),
   * while rg still searches the others (one not a 'file' is left out later).
   */
  onFile?: (workspacePath: string) => void;
}

/** One file's results as rg sent them: where its matches sit in its root's columns, and their texts. */
interface FileHits {
  /** The path rg gave (sort key) and the workspace path, which its matches carry. */
  relative: string;
  path: string;
  /** Its matches are rows [start, start + count) of the root's lines and columns. */
  start: number;
  count: number;
  /** Joined by "\n" (single-line searches, built when the file's block ends) or one by one (multiline). */
  texts: RunTexts;
  /** Last line of each match (a multiline match spans several); absent while each is one line. */
  endLines?: number[];
  context: RgLineEvent[];
}

/** One root's matches as columns, its files in the order rg sent them. */
interface RootHits {
  files: FileHits[];
  lines: number[];
  columns: number[];
  /** Files rg could not search to the end (PCRE2 ran out of backtracking room), and rg's reason. */
  limited?: { paths: string[]; reason: string };
}

const NO_HITS: RootHits = { files: [], lines: [], columns: [] };

export async function grepWorkspace(query: GrepQuery, scope: GrepScope): Promise<GrepResult> {
  validateQuery(query);
  const perRoot = await Promise.all(
    scope.rootPaths.map((rootPath, rootIndex): Promise<RootHits> | RootHits => {
      const globs = globsForRoot(query.glob ?? [], scope.roots, rootIndex, scope.kindOf);
      const toPath = (relative: string) => toWorkspacePath(scope.roots, rootIndex, relative);
      return globs ? grepRoot(query, rootPath, globs, scope.rules, toPath, scope.onFile) : NO_HITS;
    }),
  );
  const matches = new GrepMatchesBuilder();
  const limited: string[] = [];
  let limitReason = '';
  perRoot.forEach((root, rootIndex) => {
    for (const path of root.limited?.paths ?? []) limited.push(toWorkspacePath(scope.roots, rootIndex, stripDotSlash(path)));
    limitReason ||= root.limited?.reason ?? '';
    for (const hits of root.files.sort((a, b) => comparePaths(a.relative, b.relative))) {
      if (scope.kindOf(hits.path) !== 'file') continue; // grep never reports what the listing hides
      if (hits.context.length === 0)
        matches.addRun(hits.path, root.lines, root.columns, hits.texts, undefined, hits.start, hits.start + hits.count);
      else addWithContext(matches, root, hits);
    }
  });
  const all = matches.build();
  // A valid pattern that ran out of room: an error when nothing else matched, else a note beside the matches.
  const limitNote = limited.length ? matchLimitText(query.pattern, limited, limitReason) : undefined;
  if (limitNote && all.length === 0) throw new ToolError(limitNote);
  const limit = query.maxResults;
  const truncated = limit > 0 && all.length > limit;
  return { matches: truncated ? all.slice(limit) : all, truncated, ...(limitNote ? { note: limitNote } : {}) };
}

async function grepRoot(
  query: GrepQuery,
  rootPath: string,
  globs: string[],
  rules: VisibilityRules,
  toPath: (relative: string) => string,
  onFile?: (workspacePath: string) => void,
): Promise<RootHits> {
  // Single-line searches read rg's compact plain output; multiline matches need its JSON.
  const plain = !query.multiline;
  const args = [
    ...(plain ? PLAIN_OUTPUT_ARGS : ['--json']),
    '--engine',
    'auto',
    query.ignoreCase ? '--ignore-case' : '--case-sensitive',
    ...(query.multiline ? ['--multiline', '--multiline-dotall'] : []),
    // Results are sorted by path then line, so no file can add more than maxResults to the kept
    // ones; one more per file tells whether anything was cut.
    ...(query.maxResults > 0 ? ['--max-count', String(query.maxResults + 1)] : []),
    ...(query.contextLines ? ['--context', String(query.contextLines)] : []),
    ...visibilityArgs(rules, globs),
    '--regexp',
    query.pattern,
    '--',
    '.',
  ];
  const root: RootHits = { files: [], lines: [], columns: [] };
  let lastPath: string | undefined;
  let last: FileHits | undefined;
  /** The texts of the file being read; single-line ones are joined when its block ends. */
  let texts: string[] = [];
  const endFile = (): void => {
    // join() copies, except one text, which would keep its chunk alive as a slice of it.
    if (last) last.texts = !plain ? texts : texts.length === 1 ? detached(texts[0]!) : texts.join('\n');
    texts = [];
    // Not at a block's start: rg searching on one thread (one CPU) prints a large file's first
    // matches before it has read the rest of it.
    if (last) onFile?.(last.path);
  };
  const collect: PlainLineSink = (kind, rgPath, line, column, text) => {
    // rg sends a file's lines together (and the parsers reuse the path string): a new file once per block.
    if (rgPath !== lastPath || !last) {
      endFile();
      lastPath = rgPath;
      // A copy: a slice of rg's output would keep the whole chunk it came in alive as long as the path.
      const relative = detached(stripDotSlash(rgPath));
      last = { relative, path: toPath(relative), start: root.lines.length, count: 0, texts: '', context: [] };
      root.files.push(last);
    }
    if (kind === 'context') {
      last.context.push({ kind, path: rgPath, line, column, text });
      return;
    }
    // No object per match: its line and column go to the root's columns, its text to the file's.
    root.lines.push(line);
    root.columns.push(column);
    last.count++;
    texts.push(truncateLine(text, MAX_LINE_CHARS, column - 1));
    if (!plain) (last.endLines ??= []).push(line + newlines(text));
  };
  const exit = await runRipgrep({
    args,
    cwd: rootPath,
    separator: '\n',
    signal: query.signal,
    rgPath: rules.rgPath,
    onRecord: (record) => {
      const event = parseRgLine(record);
      if (event) collect(event.kind, event.path, event.line, event.column, event.text);
    },
    ...(plain ? { onChunk: plainChunkParser(collect) } : {}),
  });
  endFile();
  const limited = exit.code === 2 ? matchLimitIn(exit.stderr) : undefined;
  if (exit.code === 2 && root.files.length === 0 && exit.stderr && !limited) throw rgError(query.pattern, exit.stderr);
  return { ...root, ...(limited ? { limited } : {}) };
}

/** The same text in a string of its own (a flat copy, holding no reference to a larger string). */
function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

function newlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Adds a file's matches in line order, each context line given to the nearest (ties go to the match above). */
function addWithContext(matches: GrepMatchesBuilder, root: RootHits, hits: FileHits): void {
  const rows = Array.from({ length: hits.count }, (_, i) => hits.start + i).sort((a, b) => root.lines[a]! - root.lines[b]!);
  const texts = typeof hits.texts === 'string' ? hits.texts.split('\n') : hits.texts;
  const lines = rows.map((row) => root.lines[row]!);
  const endLines = rows.map((row) => hits.endLines?.[row - hits.start] ?? root.lines[row]!);
  const contexts = rows.map((): MatchContext => ({}));
  let next = 0;
  for (const context of hits.context.sort((a, b) => a.line - b.line)) {
    while (next < lines.length && lines[next]! < context.line) next++;
    const above = next > 0 ? next - 1 : -1;
    const text = truncateLine(context.text);
    if (above >= 0 && (next === lines.length || context.line - endLines[above]! <= lines[next]! - context.line)) {
      (contexts[above]!.after ??= []).push(text);
    } else if (next < lines.length) {
      (contexts[next]!.before ??= []).push(text);
    }
  }
  const sorted = rows.map((row) => texts[row - hits.start]!);
  const columns = rows.map((row) => root.columns[row]!);
  matches.addRun(hits.path, lines, columns, typeof hits.texts === 'string' ? sorted.join('\n') : sorted, contexts);
}

/**
 * Cuts a long line to `max` characters, keeping the match in view: when it lies past the
 * first window, the kept window starts a little before it. Markers say how much was cut.
 */
export function truncateLine(text: string, max = MAX_LINE_CHARS, matchIndex = 0): string {
  if (text.length <= max) return text;
  let start = matchIndex + 1 > max ? Math.max(0, Math.min(matchIndex - 100, text.length - max)) : 0;
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start])) start++; // keep surrogate pairs whole
  let end = Math.min(text.length, start + max);
  if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1])) end--;
  const head = start > 0 ? `[${start} chars] …` : '';
  const tail = end < text.length ? `… [+${text.length - end} chars]` : '';
  return `${head}${text.slice(start, end)}${tail}`;
}

function validateQuery(query: GrepQuery): void {
  if (typeof query.pattern !== 'string')
    throw new ToolError('grep needs a pattern: a string or a RegExp, like grep("TODO") or grep(/fetch\\(/).');
  if (!Number.isInteger(query.maxResults) || query.maxResults < 0) {
    throw new ToolError(`grep maxResults must be a whole number ≥ 0 (0 = all); got ${String(query.maxResults)}.`);
  }
  const context = query.contextLines ?? 0;
  if (!Number.isInteger(context) || context < 0) {
    throw new ToolError(`grep contextLines must be a whole number ≥ 0; got ${String(query.contextLines)}.`);
  }
  if (query.glob !== undefined && (!Array.isArray(query.glob) || !query.glob.every((glob) => typeof glob === 'string'))) {
    throw new ToolError('grep glob must be a string or an array of strings, like {glob: "src/**/*.ts"}.');
  }
}
