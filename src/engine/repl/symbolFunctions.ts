// The symbol part of the REPL API: symbols, slice, refs and outline over a SymbolProvider.
import type { HostValue, JsonValue } from '../../sandbox/sandbox.js';
import type { SymbolProvider } from '../../symbols/types.js';
import { ToolError } from '../../workspace/fileTree.js';
import { Args } from './args.js';
import type { ReplFunctionSpec } from './registry.js';

export const REFS_DEFAULT_MAX = 200;
const OUTLINE_DEFAULT_TOKENS = 2000;
const SYMBOLS_SIGNATURE = 'symbols(path): {name, kind, startLine, endLine, container?}[]';

export function symbolFunctions(provider: SymbolProvider): ReplFunctionSpec[] {
  const spec = (
    name: string,
    signature: string,
    summary: string,
    call: (args: Args, raw: JsonValue[], notice: (text: string) => void) => Promise<HostValue>,
  ): ReplFunctionSpec => ({
    name,
    async: false,
    signature,
    summary,
    call: (raw, scope) => call(new Args(raw, signature), raw, scope.notice),
  });

  return [
    {
      name: 'symbols',
      async: false,
      signature: SYMBOLS_SIGNATURE,
      summary: 'Definitions in a file (tree-sitter), in source order; methods carry their class as container.',
      // No await when the provider has the answer at hand (an unchanged file): a warm loop asks for 1,790 files.
      call: (raw, scope) => {
        const path = new Args(raw, SYMBOLS_SIGNATURE).string(0, 'path');
        const listed = ({ symbols, note }: Awaited<ReturnType<SymbolProvider['symbols']>>): HostValue => {
          if (note) scope.notice(`[symbols: ${note}]`);
          return symbols; // JSON text, handed to the sandbox as it is
        };
        const now = provider.symbolsNow?.(path);
        return now ? listed(now) : provider.symbols(path).then(listed);
      },
      readAhead: true, // a loop over glob()'s files asks for many in one crossing
    },
    spec(
      'slice',
      'slice(path, name): {path, name, kind, startLine, endLine, text} | null',
      'The source of one symbol with its doc comment and decorators; name may be "Class.method".',
      async (a, _raw, notice) => {
        const { slice, note } = await provider.slice(a.string(0, 'path'), a.string(1, 'name'));
        if (note) notice(`[slice: ${note}]`);
        return slice as unknown as JsonValue;
      },
    ),
    spec(
      'refs',
      'refs(name, opts?: {glob?, maxResults?}): {path, line, column, kind}[]',
      'Where a name is used (calls, instantiations, type references), so "who calls X" is one call (default maxResults 200).',
      async (a, _raw, notice) => {
        const opts = a.options(1, ['glob', 'maxResults']);
        const maxResults = a.optionalInteger(opts.maxResults, 'maxResults', REFS_DEFAULT_MAX);
        const result = await provider.refs(a.string(0, 'name'), { glob: a.strings(opts.glob, 'glob'), maxResults });
        if (result.note) notice(`[refs: ${result.note}]`);
        if (result.truncated) notice(`[refs: showing the first ${maxResults}; narrow with {glob} or pass {maxResults: 0} for all]`);
        return result.refs as unknown as JsonValue;
      },
    ),
    spec(
      'outline',
      'outline(paths | glob, opts?: {maxTokens?}): string',
      'A repo map of files and their symbols with line ranges, most-referenced files first, fitted to a token budget (default 2000).',
      async (a, raw) => {
        const patterns = a.strings(raw[0], 'paths');
        if (!patterns?.length)
          throw new ToolError('outline needs paths or a glob, e.g. outline("src/**/*.ts"). Usage: outline(paths | glob, opts?)');
        const maxTokens = a.optionalInteger(a.options(1, ['maxTokens']).maxTokens, 'maxTokens', OUTLINE_DEFAULT_TOKENS, 100);
        return provider.outline(patterns, { maxTokens });
      },
    ),
  ];
}
