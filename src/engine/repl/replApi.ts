// Assembles the REPL API for one run: the functions over the workspace and its symbols, and
// the read-only globals. The RLM loop adds llm() and rlm() (subcallFunctions.ts) to the same registry.
import type { JsonValue } from '../../sandbox/sandbox.js';
import type { SymbolProvider } from '../../symbols/types.js';
import type { FileTree } from '../../workspace/fileTree.js';
import { ReplApi } from './registry.js';
import { symbolFunctions } from './symbolFunctions.js';
import { workspaceFunctions } from './workspaceFunctions.js';

export interface ReplSetup {
  api: ReplApi;
  globals: Record<string, JsonValue>;
}

export interface ReplSources {
  tree: FileTree;
  symbols?: SymbolProvider;
  query?: string;
}

export function createReplApi({ tree, symbols, query = '' }: ReplSources): ReplSetup {
  const api = new ReplApi(workspaceFunctions(tree));
  if (symbols) api.add(symbolFunctions(symbols));
  return { api, globals: { query } };
}

/** The built-ins every sandbox provides, described for help texts and prompts. */
export const BUILT_IN_HELP = [
  "query\n    The user's question (string).",
  "print(...values)\n    Prints to the cell's output (console.log is the same); long output is cut.",
  'FINAL(answer)\n    Ends the run with this answer; objects are JSON-encoded.',
  'FINAL_VAR(name)\n    Ends the run with the value of a global variable.',
].join('\n');
