// The MCP server's one seam to the composition root: a workspace opened the way every CLI
// command opens it, the REPL's own host functions over its tree (so the same rules hold as in
// the sandbox), and a question run through the composition root (src/host/) as `rlm ask` runs it.
import type { AskResult } from '../../engine/engine.js';
import { createReplApi } from '../../engine/repl/replApi.js';
import { askInWorkspace, askOver } from '../../host/question.js';
import { openWorkspace } from '../../host/workspace.js';
import type { TraceEvent } from '../../protocol/trace.js';
import { JsonText, TableValue, type HostFunction, type JsonValue } from '../../sandbox/sandbox.js';
import type { AskCliOptions } from '../ask.js';
import { workspaceCacheDir } from '../cacheDir.js';
import type { ResolvedModels } from '../modelConfig.js';
import { cliWorkspace, type SessionOptions } from '../session.js';
import { scopedWorkspace, type AskScope } from './askScope.js';

/** The run settings of `rlm mcp`, the same flags as `rlm ask`. */
export type RunSettings = Pick<AskCliOptions, 'concurrency' | 'maxDepth' | 'maxIterations' | 'maxSubCalls' | 'maxCost' | 'cache'>;

export interface ToolCallResult {
  value: JsonValue | undefined;
  /** Lines the function added to the output, e.g. "[grep: showing the first 200 …]". */
  notices: string[];
}

export interface AgentWorkspace {
  /** Names of the mounted roots; with several, every path starts with one of them. */
  readonly roots: readonly string[];
  /** Calls one REPL function by name; its failures throw with the sandbox's next-step message. */
  call(name: string, args: JsonValue[], signal: AbortSignal): Promise<ToolCallResult>;
  /** With a scope, the question runs over a workspace opened for it alone (narrowed, never widened). */
  ask(
    question: string,
    models: ResolvedModels,
    options: { signal: AbortSignal; onTrace(event: TraceEvent): void; scope?: AskScope },
  ): Promise<AskResult>;
  /** Stops the parse workers and writes the caches. */
  dispose(): Promise<void>;
}

export async function openAgentWorkspace(options: SessionOptions, settings: RunSettings): Promise<AgentWorkspace> {
  const { options: workspaceOptions, rootPaths } = cliWorkspace(options);
  const workspace = openWorkspace(workspaceOptions);
  const { api } = createReplApi({ tree: workspace.tree, symbols: workspace.symbolsFor(workspace.tree) });
  const functions = new Map<string, HostFunction>(api.hostFunctions().map((f) => [f.name, f]));
  return {
    roots: workspace.tree.roots,
    async call(name, args, signal) {
      const fn = functions.get(name);
      if (!fn) throw new Error(`no REPL function ${name}`);
      const notices: string[] = [];
      const value = await fn.call(args, { signal, notice: (text) => notices.push(text) });
      return { value: value instanceof JsonText || value instanceof TableValue ? (value.value() as JsonValue) : value, notices };
    },
    async ask(question, models, { signal, onTrace, scope }) {
      const run = {
        question,
        models,
        concurrency: settings.concurrency,
        limits: {
          maxDepth: settings.maxDepth,
          maxIterations: settings.maxIterations,
          maxSubCalls: settings.maxSubCalls,
          maxCostUsd: settings.maxCost,
        },
        completionCacheDir: settings.cache ? workspaceCacheDir(rootPaths, 'completions') : undefined,
        signal,
        onTrace,
      };
      if (!scope) return askOver(workspace, run);
      const scoped = scopedWorkspace(workspaceOptions, scope);
      const symbolCacheDir = workspaceCacheDir(
        scoped.roots.map((r) => r.path),
        'symbols',
      );
      return askInWorkspace({ ...scoped, symbolCacheDir }, run);
    },
    dispose: () => workspace.dispose(),
  };
}
