// The `ask` tool: a whole RLM run over the workspace. Progress goes to the client as MCP
// progress notifications (when it sent a progress token); the client's cancellation aborts the
// run. It answers with the configured model, or with the client's own model through sampling.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { CallScheduler } from '../../engine/scheduler/callScheduler.js';
import type { TraceEvent } from '../../protocol/trace.js';
import type { ResolvedModels } from '../modelConfig.js';
import type { AgentWorkspace } from './agentWorkspace.js';
import { askFailureText } from './askFailureText.js';
import { ScopeError } from './askScope.js';
import { SamplingModel } from './samplingModel.js';

export const NO_MODEL_FOR_MCP = `The ask tool needs a model, and this client does not offer MCP sampling. Add the model to this server's entry in the MCP client's configuration: the arguments --model NAME and, for a server other than OpenAI, --base-url URL (or the environment variables RLM_MODEL and OPENAI_BASE_URL), with the key in OPENAI_API_KEY. The other tools (grep, peek, glob, symbols, slice, refs, outline, tree) need no model.`;

const DESCRIPTION = `Answers a question about the whole codebase with a Recursive Language Model: a model that explores the workspace in a sandboxed REPL (grep, symbols, slices, sub-model calls over single files) until it can answer, citing files as path:line. Best for questions that span many files ("How does a request reach the database?", "Where are retries handled, and how do they differ?"). Takes from seconds to minutes and spends model calls; for a single lookup, grep or symbols is faster.`;

export function registerAskTool(
  server: McpServer,
  workspace: AgentWorkspace,
  configured: ResolvedModels | undefined,
  shutdown: AbortSignal,
): void {
  server.registerTool(
    'ask',
    {
      title: 'Ask the codebase (RLM)',
      description: DESCRIPTION,
      inputSchema: {
        question: z.string().min(1).describe('The question, in full sentences, as you would ask a colleague who knows the code.'),
        folder: z
          .string()
          .min(1)
          .optional()
          .describe(
            'Only this folder of the workspace, relative to it (e.g. "src/engine"; with several roots, start with the root\'s name). Default: the whole workspace.',
          ),
        include: z
          .array(z.string().min(1))
          .optional()
          .describe(
            'Only files matching these globs (e.g. ["**/*.py"]), as rlm ask --include; relative to folder when one is given. Default: every file.',
          ),
        exclude: z
          .array(z.string().min(1))
          .optional()
          .describe('Also hide files matching these globs (e.g. ["**/test/**"]), as rlm ask --exclude; on top of .gitignore.'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ question, folder, include, exclude }, extra): Promise<CallToolResult> => {
      const models = configured ?? samplingModels(server);
      if (!models) return { isError: true, content: [{ type: 'text', text: NO_MODEL_FOR_MCP }] };
      const progressToken = extra._meta?.progressToken;
      let progress = 0;
      let calls = 0;
      const onTrace = (event: TraceEvent) => {
        if (event.type !== 'start') return;
        if (event.node.kind === 'llm') calls++;
        // A turn of the root or of a child RLM, and the start of each child; the root's start is the question itself.
        if (progressToken === undefined || !(event.node.kind === 'turn' || (event.node.kind === 'rlm' && event.node.depth > 0))) return;
        const depth = event.node.depth > 0 ? `[depth ${event.node.depth}] ` : '';
        const params = {
          progressToken,
          progress: ++progress,
          message: `${depth}${event.node.label} · ${calls} model call${calls === 1 ? '' : 's'}`,
        };
        // A client that has gone away cannot hear it; the run goes on until it is cancelled.
        extra.sendNotification({ method: 'notifications/progress', params }).catch(() => {});
      };
      const scope = folder !== undefined || include?.length || exclude?.length ? { folder, include, exclude } : undefined;
      let result;
      try {
        result = await workspace.ask(question, models, {
          signal: AbortSignal.any([extra.signal, shutdown]),
          onTrace,
          ...(scope ? { scope } : {}),
        });
      } catch (error) {
        // A folder outside the workspace, or globs the server's own --include forbids: what to pass instead.
        if (error instanceof ScopeError) return { isError: true, content: [{ type: 'text', text: error.message }] };
        throw error;
      }
      // A failed run has no answer: one error, worded for the agent, naming what the user must change.
      if (result.status === 'failed')
        return { isError: true, content: [{ type: 'text', text: askFailureText(result.failure, result.reason) }] };
      const status = result.status === 'done' ? 'Done.' : `${OUTCOME_WORDS[result.status]} (${result.reason ?? 'stopped early'}).`;
      const stats = `${status} ${result.stats.calls} model calls, ${(result.stats.inputTokens + result.stats.outputTokens).toLocaleString('en-US')} tokens, ${(result.stats.wallMs / 1000).toFixed(1)} s.`;
      return {
        content: [
          { type: 'text', text: result.answer || '(no answer)' },
          { type: 'text', text: stats },
        ],
      };
    },
  );
}

const OUTCOME_WORDS = { partial: 'Partial answer', cancelled: 'Cancelled' } as const;

/** The client's model, when it offers sampling. */
function samplingModels(server: McpServer): ResolvedModels | undefined {
  if (!server.server.getClientCapabilities()?.sampling) return undefined;
  const model = new SamplingModel(server.server);
  return {
    root: model,
    sub: model,
    price: () => undefined,
    scheduler: async (concurrency) => new CallScheduler(concurrency !== undefined ? { concurrency } : {}),
  };
}
