// Assembles the REPL API for one run: the functions over the workspace and the read-only
// globals. Later issues add symbols(), slice(), llm() and rlm() to the same registry.
import type { JsonValue } from '../../sandbox/sandbox.js';
import type { FileTree } from '../../workspace/fileTree.js';
import { ReplApi } from './registry.js';
import { workspaceFunctions } from './workspaceFunctions.js';

export interface ReplSetup {
  api: ReplApi;
  globals: Record<string, JsonValue>;
}

export function createReplApi(tree: FileTree, query = ''): ReplSetup {
  return { api: new ReplApi(workspaceFunctions(tree)), globals: { query } };
}

/** The built-ins every sandbox provides, described for help texts and prompts. */
export const BUILT_IN_HELP = [
  'query\n    The user\'s question (string).',
  'print(...values)\n    Prints to the cell\'s output (console.log is the same); long output is cut.',
  'FINAL(answer)\n    Ends the run with this answer; objects are JSON-encoded.',
  'FINAL_VAR(name)\n    Ends the run with the value of a global variable.',
].join('\n');
