// The workspace part of the REPL API: tree, ls, glob, stat, read, peek, grep — thin,
// argument-checked wrappers over the FileTree the engine was given.
import type { HostValue, JsonValue } from '../../sandbox/sandbox.js';
import { ToolError, type FileTree } from '../../workspace/fileTree.js';
import { MAX_PEEK_LINE_CHARS } from '../../workspace/longLines.js';
import { Args } from './args.js';
import { buildDirTree, listEntries, renderTree } from './dirTree.js';
import { grepReply } from './grepReply.js';
import { normalizeDir, numberLines } from './format.js';
import type { ReplFunctionSpec } from './registry.js';

export const GREP_DEFAULT_MAX = 200;
const GLOB_DEFAULT_LIMIT = 1000;
const PEEK_DEFAULT_LINES = 100;
const PEEK_MAX_LINES = 5000;

export function workspaceFunctions(tree: FileTree): ReplFunctionSpec[] {
  async function dirNode(dir: string, signal: AbortSignal) {
    const files = await tree.files(signal);
    const under = dir ? files.filter((f) => f.startsWith(`${dir}/`)) : files;
    const node = buildDirTree(dir, under, await tree.sizes(under, signal));
    if (!node) {
      const hint = files.includes(dir) ? `"${dir}" is a file; use stat() or peek()` : 'use ls() to see the top level';
      throw new ToolError(`No such directory: "${dir}" (${hint}).`);
    }
    return node;
  }

  const spec = (
    name: string,
    signature: string,
    summary: string,
    call: (args: Args, raw: JsonValue[], notice: (text: string) => void, signal: AbortSignal) => Promise<HostValue>,
  ): ReplFunctionSpec => ({
    name,
    async: false,
    signature,
    summary,
    call: (raw, scope) => call(new Args(raw, signature), raw, scope.notice, scope.signal),
  });

  return [
    spec(
      'tree',
      'tree(dir = "", opts?: {depth?: number}): string',
      'Indented folder tree with file counts and sizes (default depth 2).',
      async (a, _raw, _notice, signal) => {
        const dir = normalizeDir(a.string(0, 'dir', ''));
        const depth = a.optionalInteger(a.options(1, ['depth']).depth, 'depth', 2, 1);
        return renderTree(dir, await dirNode(dir, signal), depth);
      },
    ),
    spec(
      'ls',
      'ls(dir = ""): {path, type: "file" | "dir", size}[]',
      "Direct children of a folder; a folder's size is the total of its files.",
      async (a, _raw, _notice, signal) => {
        const dir = normalizeDir(a.string(0, 'dir', ''));
        return listEntries(dir, await dirNode(dir, signal)) as unknown as JsonValue;
      },
    ),
    spec(
      'glob',
      'glob(pattern: string | string[], opts?: {limit?: number}): string[]',
      'Paths matching glob patterns, e.g. glob("src/**/*.ts"); a pattern without "/" matches at any depth, as in .gitignore (default limit 1000).',
      async (a, raw, notice, signal) => {
        const patterns = a.strings(raw[0], 'pattern');
        if (!patterns?.length) throw new ToolError(`glob needs a pattern such as "**/*.py". Usage: glob(pattern, opts?)`);
        const limit = a.optionalInteger(a.options(1, ['limit']).limit, 'limit', GLOB_DEFAULT_LIMIT);
        const matches = await tree.glob(patterns, signal);
        if (limit > 0 && matches.length > limit) {
          notice(`[glob: ${matches.length} paths match; returning the first ${limit}. Pass {limit: 0} for all, or narrow the pattern.]`);
          return matches.slice(0, limit);
        }
        return matches;
      },
    ),
    spec(
      'stat',
      'stat(path): {path, size, lines, language, tokens, binary}',
      'Size, line count, language and a token estimate of one file.',
      async (a, _raw, _notice, signal) => {
        return { ...(await tree.stat(a.string(0, 'path'), signal)) };
      },
    ),
    spec(
      'read',
      'read(path): string',
      'The whole text of a file (refused for binary files and files over the read limit — use peek or grep).',
      async (a) => {
        return tree.read(a.string(0, 'path'));
      },
    ),
    spec(
      'peek',
      'peek(path, startLine = 1, endLine = startLine + 99): string',
      `Those lines of a file, each as "N: text" (at most ${PEEK_MAX_LINES} per call, each cut at ${MAX_PEEK_LINE_CHARS} characters); fast on files of any size.`,
      async (a, _raw, notice, signal) => {
        const path = a.string(0, 'path');
        const start = Math.max(1, a.integer(1, 'startLine', 1));
        let end = a.integer(2, 'endLine', start + PEEK_DEFAULT_LINES - 1);
        if (end < start) throw new ToolError(`endLine (${end}) is before startLine (${start}).`);
        if (end - start + 1 > PEEK_MAX_LINES) {
          end = start + PEEK_MAX_LINES - 1;
          notice(`[peek: returning lines ${start}-${end}; at most ${PEEK_MAX_LINES} lines per call — peek the next range for more.]`);
        }
        const range = await tree.lines(path, start, end, signal);
        if (range.lines.length === 0) return `(${path} has ${range.totalLines} lines; nothing at ${start}-${end})`;
        return numberLines(range.lines, range.startLine);
      },
    ),
    spec(
      'grep',
      'grep(pattern: string | RegExp, opts?: {glob?, ignoreCase?, maxResults?, contextLines?}): {path, line, column, text}[]',
      'Regex search over the workspace with ripgrep, sorted by path and line (default maxResults 200; 0 = all).',
      async (a, raw, notice, signal) => {
        const { pattern, ignoreCase: flagI, multiline } = grepPattern(raw[0], a);
        const opts = a.options(1, ['glob', 'ignoreCase', 'maxResults', 'contextLines']);
        const maxResults = a.optionalInteger(opts.maxResults, 'maxResults', GREP_DEFAULT_MAX);
        const result = await tree.grep({
          pattern,
          ignoreCase: a.optionalBoolean(opts.ignoreCase, 'ignoreCase') ?? flagI,
          multiline,
          glob: a.strings(opts.glob, 'glob'),
          maxResults,
          contextLines: a.optionalInteger(opts.contextLines, 'contextLines', 0),
          signal,
        });
        if (result.note) notice(`[${result.note}]`);
        if (result.truncated) {
          notice(
            `[grep: showing the first ${maxResults} matching lines; more exist. Narrow with {glob: "src/**"} or a tighter pattern, or pass {maxResults: 0} for all.]`,
          );
        }
        return grepReply(result.matches);
      },
    ),
  ];
}

/** A pattern arrives as a string or as `{$regexp, flags}` (how the guest encodes a RegExp). */
function grepPattern(value: JsonValue | undefined, a: Args): { pattern: string; ignoreCase: boolean; multiline: boolean } {
  if (typeof value === 'string' && value.length > 0) return { pattern: value, ignoreCase: false, multiline: false };
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.$regexp === 'string') {
    const flags = typeof value.flags === 'string' ? value.flags : '';
    return { pattern: value.$regexp, ignoreCase: flags.includes('i'), multiline: flags.includes('s') };
  }
  return a.fail('pattern must be a non-empty string or a RegExp');
}
