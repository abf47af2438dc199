// The workspace tools of `rlm mcp`, for agents that explore the code themselves. Each one calls
// the REPL function of the same name, so the sandbox's rules hold unchanged: nothing outside the
// workspace, secret files invisible, the same size limits and the same next-step errors.
import { z } from 'zod';
import type { JsonValue } from '../../sandbox/sandbox.js';
import { globText, grepText, plainText, refsText, sliceText, symbolsText } from './toolText.js';

export interface WorkspaceTool<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: Shape;
  /** The REPL call: which function, with which arguments. */
  call(input: z.infer<z.ZodObject<Shape>>): { fn: string; args: JsonValue[] };
  text(value: JsonValue | undefined, input: z.infer<z.ZodObject<Shape>>): string;
}

const PATHS =
  'Paths are relative to the workspace, with "/" separators (with several workspace folders, the first segment is the folder name).';

const path = z.string().min(1).describe('File path relative to the workspace, e.g. "src/index.ts".');
const globs = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .describe('Only files matching these globs, e.g. "src/**/*.ts" or ["**/*.py", "!tests/**"].');
const count = (what: string) => z.number().int().min(0).optional().describe(what);

/** Drops the options the agent left out, so the REPL function applies its own defaults. */
function options(values: Record<string, JsonValue | undefined>): JsonValue {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) out[key] = value;
  return out;
}

const define = <Shape extends z.ZodRawShape>(tool: WorkspaceTool<Shape>): WorkspaceTool<Shape> => tool;

export const WORKSPACE_TOOLS = [
  define({
    name: 'tree',
    title: 'Folder tree',
    description: `The workspace's folders as an indented tree with file counts and sizes: a first look at an unfamiliar codebase. ${PATHS}`,
    input: {
      dir: z.string().optional().describe('Folder to start from (default: the workspace root).'),
      depth: z.number().int().min(1).optional().describe('Levels to show (default 2).'),
    },
    call: ({ dir, depth }) => ({ fn: 'tree', args: [dir ?? '', options({ depth })] }),
    text: plainText,
  }),
  define({
    name: 'glob',
    title: 'Find files',
    description: `Files whose paths match glob patterns, e.g. "src/**/*.ts"; a pattern without "/" matches at any depth, as in .gitignore. Respects .gitignore; secret files never appear. ${PATHS}`,
    input: {
      pattern: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).describe('Glob pattern(s).'),
      limit: count('Most paths to return (default 1000; 0 = all).'),
    },
    call: ({ pattern, limit }) => ({ fn: 'glob', args: [pattern, options({ limit })] }),
    text: globText,
  }),
  define({
    name: 'grep',
    title: 'Search file contents',
    description: `Regex search (ripgrep syntax) over every visible file, sorted by path and line; one "path:line:column: text" line per match. Faster and safer than reading files to find something. ${PATHS}`,
    input: {
      pattern: z.string().min(1).describe('Regular expression, e.g. "loadConfig\\\\(" or "TODO|FIXME".'),
      glob: globs,
      ignoreCase: z.boolean().optional().describe('Case-insensitive match.'),
      maxResults: count('Most matching lines to return (default 200; 0 = all).'),
      contextLines: count('Lines of context before and after each match (default 0).'),
    },
    call: ({ pattern, glob, ignoreCase, maxResults, contextLines }) => ({
      fn: 'grep',
      args: [pattern, options({ glob, ignoreCase, maxResults, contextLines })],
    }),
    text: grepText,
  }),
  define({
    name: 'peek',
    title: 'Read lines',
    description: `Lines of a file, each as "N: text" (default 100 lines from startLine; at most 5000 per call). Works on files of any size; read a large file in ranges. ${PATHS}`,
    input: {
      path,
      startLine: z.number().int().min(1).optional().describe('First line (default 1).'),
      endLine: z.number().int().min(1).optional().describe('Last line, inclusive (default startLine + 99).'),
    },
    call: ({ path, startLine, endLine }) => ({ fn: 'peek', args: [path, startLine ?? 1, ...(endLine !== undefined ? [endLine] : [])] }),
    text: plainText,
  }),
  define({
    name: 'symbols',
    title: 'Definitions in a file',
    description: `The functions, classes, methods, types and constants a file defines (tree-sitter), in source order, one "startLine-endLine kind Container.name" line each. ${PATHS}`,
    input: { path },
    call: ({ path }) => ({ fn: 'symbols', args: [path] }),
    text: symbolsText,
  }),
  define({
    name: 'slice',
    title: 'Source of one definition',
    description: `The full source of one function, class or method with its doc comment and decorators, with line numbers — cheaper than reading the whole file. ${PATHS}`,
    input: { path, name: z.string().min(1).describe('The definition\'s name; "Class.method" for a method.') },
    call: ({ path, name }) => ({ fn: 'slice', args: [path, name] }),
    text: (value, { path, name }) => sliceText(value, path, name),
  }),
  define({
    name: 'refs',
    title: 'Where a name is used',
    description: `Where a name is used — calls, instantiations, type references — as "path:line:column kind" lines, so "who calls X" is one call. ${PATHS}`,
    input: {
      name: z.string().min(1).describe('Identifier, e.g. "loadConfig".'),
      glob: globs,
      maxResults: count('Most references to return (default 200; 0 = all).'),
    },
    call: ({ name, glob, maxResults }) => ({ fn: 'refs', args: [name, options({ glob, maxResults })] }),
    text: refsText,
  }),
  define({
    name: 'outline',
    title: 'Repository map',
    description: `A map of files and the symbols they define, with line ranges, most-referenced files first, fitted to a token budget: the shape of a package at a glance. ${PATHS}`,
    input: {
      paths: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).describe('Files or globs, e.g. "src/**/*.ts".'),
      maxTokens: z.number().int().min(100).optional().describe('Size budget of the map in tokens (default 2000).'),
    },
    call: ({ paths, maxTokens }) => ({ fn: 'outline', args: [paths, options({ maxTokens })] }),
    text: plainText,
  }),
];
