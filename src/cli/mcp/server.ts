// `rlm mcp`: an MCP server over stdio (the official SDK) with `ask` and the workspace tools.
// It runs until the client goes away: stdin closes → running questions are cancelled, the
// parse workers stop and the caches are written.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Readable, Writable } from 'node:stream';
import type { z } from 'zod';
import { version } from '../../../package.json';
import { resolveModels, type ModelFlags, type ResolvedModels } from '../modelConfig.js';
import { UsageError, type SessionOptions } from '../session.js';
import { openAgentWorkspace, type AgentWorkspace, type RunSettings } from './agentWorkspace.js';
import { registerAskTool } from './askTool.js';
import { withNotices } from './toolText.js';
import { WORKSPACE_TOOLS, type WorkspaceTool } from './workspaceTools.js';

export interface McpCliOptions extends SessionOptions, ModelFlags, RunSettings {}

export interface McpIo {
  stdin: Readable;
  stdout: Writable;
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
}

const INSTRUCTIONS = `Ask RLM over the workspace ${'{roots}'}. "ask" hands a whole question to a Recursive Language Model that explores the code and answers with path:line citations. The other tools search and read the workspace directly, under the same rules as the model's sandbox: only files inside the workspace, secret files (.env, keys, credential stores) invisible, .gitignore respected.`;

export async function runMcp(options: McpCliOptions, io: McpIo): Promise<number> {
  // stdout carries the protocol alone: a stray console.log anywhere would corrupt it.
  console.log = console.info = console.debug = (...values: unknown[]) => io.stderr.write(`${values.map(String).join(' ')}\n`);
  const models = configuredModels(options, io);
  const workspace = await openAgentWorkspace(options, options);
  const shutdown = new AbortController();
  const server = new McpServer(
    { name: 'ask-rlm', title: 'Ask RLM', version },
    { instructions: INSTRUCTIONS.replace('{roots}', workspace.roots.join(', ')) },
  );
  for (const tool of WORKSPACE_TOOLS) registerWorkspaceTool(server, workspace, tool as WorkspaceTool);
  registerAskTool(server, workspace, models, shutdown.signal);

  const closed = new Promise<void>((resolve) => {
    io.stdin.once('end', resolve);
    io.stdin.once('close', resolve);
  });
  await server.connect(new StdioServerTransport(io.stdin, io.stdout));
  await closed;
  shutdown.abort();
  await server.close();
  await workspace.dispose();
  return 0;
}

function registerWorkspaceTool(server: McpServer, workspace: AgentWorkspace, tool: WorkspaceTool): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async (input: z.infer<z.ZodObject<z.ZodRawShape>>, extra): Promise<CallToolResult> => {
      const { fn, args } = tool.call(input);
      try {
        const { value, notices } = await workspace.call(fn, args, extra.signal);
        return { content: [{ type: 'text', text: withNotices(tool.text(value, input), notices) }] };
      } catch (error) {
        // The sandbox's own message ("peek(): No such file … use glob()"), as a tool error the agent can act on.
        return { isError: true, content: [{ type: 'text', text: error instanceof Error ? error.message : String(error) }] };
      }
    },
  );
}

/** The model from flags or environment; none is fine (sampling, or the workspace tools alone). */
function configuredModels(options: McpCliOptions, io: McpIo): ResolvedModels | undefined {
  try {
    return resolveModels(options, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (options.model || options.baseUrl || options.apiKey)
      io.stderr.write(
        `rlm mcp: no usable model, so ask will use the client's model if it offers sampling (${error.message.split('\n')[0]})\n`,
      );
    return undefined;
  }
}
