// Which tree-sitter grammar and which tags queries serve each language. The grammar packages'
// own queries/tags.scm are the base; our files in ./queries add what users expect on top
// (containers, interfaces, type aliases, arrow functions, …).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GrammarSpec {
  /** The grammar's .wasm, as a module path resolvable from this package. */
  wasm: string;
  /** The packages' tags queries, as module paths. */
  baseQueries: string[];
  /** Our extension query files in src/symbols/queries (shipped next to the bundle), in order. */
  extraQueries: string[];
}

/** Language ids are the ones workspace/languages.ts detects (VS Code's ids). */
export const GRAMMARS: Readonly<Record<string, GrammarSpec>> = {
  typescript: {
    wasm: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
    baseQueries: ['tree-sitter-javascript/queries/tags.scm', 'tree-sitter-typescript/queries/tags.scm'],
    extraQueries: ['javascript-common.scm', 'typescript.scm'],
  },
  typescriptreact: {
    wasm: 'tree-sitter-typescript/tree-sitter-tsx.wasm',
    baseQueries: ['tree-sitter-javascript/queries/tags.scm', 'tree-sitter-typescript/queries/tags.scm'],
    extraQueries: ['javascript-common.scm', 'typescript.scm'],
  },
  javascript: {
    wasm: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
    baseQueries: ['tree-sitter-javascript/queries/tags.scm'],
    extraQueries: ['javascript-common.scm', 'javascript.scm'],
  },
  javascriptreact: {
    wasm: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
    baseQueries: ['tree-sitter-javascript/queries/tags.scm'],
    extraQueries: ['javascript-common.scm', 'javascript.scm'],
  },
  python: {
    wasm: 'tree-sitter-python/tree-sitter-python.wasm',
    baseQueries: ['tree-sitter-python/queries/tags.scm'],
    extraQueries: ['python.scm'],
  },
  go: { wasm: 'tree-sitter-go/tree-sitter-go.wasm', baseQueries: ['tree-sitter-go/queries/tags.scm'], extraQueries: ['go.scm'] },
  rust: { wasm: 'tree-sitter-rust/tree-sitter-rust.wasm', baseQueries: ['tree-sitter-rust/queries/tags.scm'], extraQueries: ['rust.scm'] },
  java: { wasm: 'tree-sitter-java/tree-sitter-java.wasm', baseQueries: ['tree-sitter-java/queries/tags.scm'], extraQueries: ['java.scm'] },
  // The C and C++ packages' tags queries tag the declarator, so a function would end at its
  // parameter list and appear twice; our files stand alone for these two.
  c: { wasm: 'tree-sitter-c/tree-sitter-c.wasm', baseQueries: [], extraQueries: ['c.scm'] },
  cpp: { wasm: 'tree-sitter-cpp/tree-sitter-cpp.wasm', baseQueries: [], extraQueries: ['cpp.scm'] },
  csharp: {
    wasm: 'tree-sitter-c-sharp/tree-sitter-c_sharp.wasm',
    baseQueries: ['tree-sitter-c-sharp/queries/tags.scm'],
    extraQueries: ['csharp.scm'],
  },
  ruby: { wasm: 'tree-sitter-ruby/tree-sitter-ruby.wasm', baseQueries: ['tree-sitter-ruby/queries/tags.scm'], extraQueries: ['ruby.scm'] },
  php: { wasm: 'tree-sitter-php/tree-sitter-php.wasm', baseQueries: ['tree-sitter-php/queries/tags.scm'], extraQueries: ['php.scm'] },
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
  const ours = spec.extraQueries.map((file) => join(here, 'queries', file));
  return [...spec.baseQueries.map((module) => requireHere.resolve(module)), ...ours].map((file) => readFileSync(file, 'utf8')).join('\n');
}
