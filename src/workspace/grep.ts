// grep over the workspace with ripgrep: one rg per root in parallel, results merged in (root, path, line) order.
import { ToolError, type GrepMatch, type GrepQuery, type GrepResult } from './fileTree.js';
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
}

/** One file's results as rg sent them: matches built once, in their final shape. */
interface FileHits {
  /** The file's workspace path, which its matches carry. */
  path: string;
  matches: GrepMatch[];
  /** Last line of each match (a multiline match spans several). */
  endLines: number[];
  context: RgLineEvent[];
}

interface RootHits {
  files: Map<string, FileHits>;
  /** Files rg could not search to the end (PCRE2 ran out of backtracking room), and rg's reason. */
  limited?: { paths: string[]; reason: string };
}

export async function grepWorkspace(query: GrepQuery, scope: GrepScope): Promise<GrepResult> {
  validateQuery(query);
  const perRoot = await Promise.all(
    scope.rootPaths.map((rootPath, rootIndex): Promise<RootHits> | RootHits => {
      const globs = globsForRoot(query.glob ?? [], scope.roots, rootIndex, scope.kindOf);
      const toPath = (relative: string) => toWorkspacePath(scope.roots, rootIndex, relative);
      return globs ? grepRoot(query, rootPath, globs, scope.rules, toPath) : { files: new Map() };
    }),
  );
  const matches: GrepMatch[] = [];
  const limited: string[] = [];
  let limitReason = '';
  perRoot.forEach(({ files, limited: rootLimited }, rootIndex) => {
    for (const path of rootLimited?.paths ?? []) limited.push(toWorkspacePath(scope.roots, rootIndex, stripDotSlash(path)));
    limitReason ||= rootLimited?.reason ?? '';
    for (const relative of [...files.keys()].sort(comparePaths)) {
      const hits = files.get(relative)!;
      if (scope.kindOf(hits.path) !== 'file') continue; // grep never reports what the listing hides
      for (const match of withContext(hits)) matches.push(match);
    }
  });
  // A valid pattern that ran out of room: an error when nothing else matched, else a note beside the matches.
  const limitNote = limited.length ? matchLimitText(query.pattern, limited, limitReason) : undefined;
  if (limitNote && matches.length === 0) throw new ToolError(limitNote);
  const limit = query.maxResults;
  const truncated = limit > 0 && matches.length > limit;
  return { matches: truncated ? matches.slice(0, limit) : matches, truncated, ...(limitNote ? { note: limitNote } : {}) };
}

async function grepRoot(
  query: GrepQuery,
  rootPath: string,
  globs: string[],
  rules: VisibilityRules,
  toPath: (relative: string) => string,
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
  const files = new Map<string, FileHits>();
  let lastPath: string | undefined;
  let last: FileHits | undefined;
  const collect: PlainLineSink = (kind, rgPath, line, column, text) => {
    // rg sends a file's lines together (and the parsers reuse the path string): look up once per file.
    if (rgPath !== lastPath || !last) {
      lastPath = rgPath;
      const path = stripDotSlash(rgPath);
      last = files.get(path);
      if (!last) files.set(path, (last = { path: toPath(path), matches: [], endLines: [], context: [] }));
    }
    if (kind === 'context') {
      last.context.push({ kind, path: rgPath, line, column, text });
      return;
    }
    // Each match is built in its final shape, its workspace path included: nothing to rewrite per match later.
    last.matches.push({ path: last.path, line, column, text: truncateLine(text, MAX_LINE_CHARS, column - 1) });
    last.endLines.push(plain ? line : line + newlines(text));
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
  const limited = exit.code === 2 ? matchLimitIn(exit.stderr) : undefined;
  if (exit.code === 2 && files.size === 0 && exit.stderr && !limited) throw rgError(query.pattern, exit.stderr);
  return { files, ...(limited ? { limited } : {}) };
}

function newlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Gives each context line to the nearest match of its file (ties go to the match above). */
function withContext(hits: FileHits): GrepMatch[] {
  if (hits.context.length === 0) return hits.matches; // rg sends a file's matches in line order
  const order = hits.matches.map((_, i) => i).sort((a, b) => hits.matches[a]!.line - hits.matches[b]!.line);
  const matches = order.map((i) => hits.matches[i]!);
  const endLines = order.map((i) => hits.endLines[i]!);
  let next = 0;
  for (const context of hits.context.sort((a, b) => a.line - b.line)) {
    while (next < matches.length && matches[next]!.line < context.line) next++;
    const above = next > 0 ? next - 1 : -1;
    const below = matches[next];
    const text = truncateLine(context.text);
    if (above >= 0 && (!below || context.line - endLines[above]! <= below.line - context.line)) {
      (matches[above]!.after ??= []).push(text);
    } else if (below) {
      (below.before ??= []).push(text);
    }
  }
  return matches;
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
