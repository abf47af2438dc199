// Which tree-sitter grammar and which tags queries serve each language. The grammar packages'
// own queries/tags.scm are the base; our files in ./queries add what users expect on top
// (containers, interfaces, type aliases, arrow functions, …).
import { createRequire } from 'node:module';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface GrammarSpec {
  /** The grammar's .wasm, as a module path resolvable from this package. */
  wasm: string;
  /** The packages' tags queries, as module paths. */
  baseQueries: string[];
  /** Our extension query file in src/symbols/queries (shipped next to the bundle). */
  extraQuery: string;
}

/** Language ids are the ones workspace/languages.ts detects (VS Code's ids). */
export const GRAMMARS: Readonly<Record<string, GrammarSpec>> = {
  typescript: { wasm: 'tree-sitter-typescript/tree-sitter-typescript.wasm', baseQueries: ['tree-sitter-javascript/queries/tags.scm', 'tree-sitter-typescript/queries/tags.scm'], extraQuery: 'typescript.scm' },
  typescriptreact: { wasm: 'tree-sitter-typescript/tree-sitter-tsx.wasm', baseQueries: ['tree-sitter-javascript/queries/tags.scm', 'tree-sitter-typescript/queries/tags.scm'], extraQuery: 'typescript.scm' },
  javascript: { wasm: 'tree-sitter-javascript/tree-sitter-javascript.wasm', baseQueries: ['tree-sitter-javascript/queries/tags.scm'], extraQuery: 'javascript.scm' },
  javascriptreact: { wasm: 'tree-sitter-javascript/tree-sitter-javascript.wasm', baseQueries: ['tree-sitter-javascript/queries/tags.scm'], extraQuery: 'javascript.scm' },
  python: { wasm: 'tree-sitter-python/tree-sitter-python.wasm', baseQueries: ['tree-sitter-python/queries/tags.scm'], extraQuery: 'python.scm' },
  go: { wasm: 'tree-sitter-go/tree-sitter-go.wasm', baseQueries: ['tree-sitter-go/queries/tags.scm'], extraQuery: 'go.scm' },
  rust: { wasm: 'tree-sitter-rust/tree-sitter-rust.wasm', baseQueries: ['tree-sitter-rust/queries/tags.scm'], extraQuery: 'rust.scm' },
  java: { wasm: 'tree-sitter-java/tree-sitter-java.wasm', baseQueries: ['tree-sitter-java/queries/tags.scm'], extraQuery: 'java.scm' },
  // The C and C++ packages' tags queries tag the declarator, so a function would end at its
  // parameter list and appear twice; our files stand alone for these two.
  c: { wasm: 'tree-sitter-c/tree-sitter-c.wasm', baseQueries: [], extraQuery: 'c.scm' },
  cpp: { wasm: 'tree-sitter-cpp/tree-sitter-cpp.wasm', baseQueries: [], extraQuery: 'cpp.scm' },
  csharp: { wasm: 'tree-sitter-c-sharp/tree-sitter-c_sharp.wasm', baseQueries: ['tree-sitter-c-sharp/queries/tags.scm'], extraQuery: 'csharp.scm' },
  ruby: { wasm: 'tree-sitter-ruby/tree-sitter-ruby.wasm', baseQueries: ['tree-sitter-ruby/queries/tags.scm'], extraQuery: 'ruby.scm' },
  php: { wasm: 'tree-sitter-php/tree-sitter-php.wasm', baseQueries: ['tree-sitter-php/queries/tags.scm'], extraQuery: 'php.scm' },
};

export function hasGrammar(language: string): boolean {
  return language in GRAMMARS;
}

const here = typeof __dirname === 'string' ? __dirname : process.cwd();
const requireHere = createRequire(join(here, 'index.js'));

export function grammarWasmPath(spec: GrammarSpec): string {
  return requireHere.resolve(spec.wasm);
}

/** The combined tags query source for a language: the packages' files, then ours. */
export function querySource(spec: GrammarSpec): string {
  const parts = spec.baseQueries.map((module) => readFileSync(requireHere.resolve(module), 'utf8'));
  const extra = [join(here, 'queries', spec.extraQuery), join(here, '..', '..', 'src', 'symbols', 'queries', spec.extraQuery)].find(existsSync);
  if (extra) parts.push(readFileSync(extra, 'utf8'));
  return parts.join('\n');
}
