// Lists `rlm mcp` in VS Code's MCP servers for the open workspace, so agent mode (and any MCP
// client inside VS Code) gets ask and the workspace tools without editing mcp.json. The API is
// stable from VS Code 1.101 and our engines are ^1.100: it is reached through the small local
// types below, only on 1.101+, and on 1.100 this registers nothing.
import * as vscode from 'vscode';
import { API_KEY_SECRET } from './models/chooseModels.js';
import { mcpLaunch } from './mcpLaunch.js';
import type { Services } from './services.js';

export const MCP_PROVIDER_ID = 'rlm.mcpServers';
const LABEL = 'Ask RLM';

/** VS Code 1.101's McpStdioServerDefinition, as much of it as we use. */
interface McpStdioServerDefinition {
  readonly label: string;
  command: string;
  args: string[];
  env: Record<string, string | number | null>;
  version?: string;
}

interface McpServerDefinitionProvider {
  readonly onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): vscode.ProviderResult<McpStdioServerDefinition[]>;
  resolveMcpServerDefinition?(
    server: McpStdioServerDefinition,
    token: vscode.CancellationToken,
  ): vscode.ProviderResult<McpStdioServerDefinition>;
}

interface McpApi {
  registerMcpServerDefinitionProvider(id: string, provider: McpServerDefinitionProvider): vscode.Disposable;
  McpStdioServerDefinition: new (
    label: string,
    command: string,
    args?: string[],
    env?: Record<string, string | number | null>,
    version?: string,
  ) => McpStdioServerDefinition;
}

/**
 * The MCP API where this VS Code has it stable (1.101+). 1.100 already has a function of the same
 * name, but it wants an older contribution (`modelContextServerCollections`) and throws for ours,
 * so the version decides, not only the function's presence.
 */
function mcpApi(): McpApi | undefined {
  const [major = 0, minor = 0] = vscode.version.split('.').map(Number);
  if (major === 1 && minor < 101) return undefined;
  const lm = vscode.lm as Partial<Pick<McpApi, 'registerMcpServerDefinitionProvider'>>;
  const Definition = (vscode as Partial<Pick<McpApi, 'McpStdioServerDefinition'>>).McpStdioServerDefinition;
  if (typeof lm.registerMcpServerDefinitionProvider !== 'function' || typeof Definition !== 'function') return undefined;
  return {
    registerMcpServerDefinitionProvider: lm.registerMcpServerDefinitionProvider.bind(vscode.lm),
    McpStdioServerDefinition: Definition,
  };
}

export function registerMcpServerProvider(services: Services): vscode.Disposable {
  const api = mcpApi();
  if (!api) {
    services.log.info('MCP server definitions need VS Code 1.101 or later; rlm mcp is not listed in this VS Code.');
    return new vscode.Disposable(() => {});
  }
  const changed = new vscode.EventEmitter<void>();
  const fire = () => changed.fire();
  const provider: McpServerDefinitionProvider = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: async () => {
      const roots = (vscode.workspace.workspaceFolders ?? [])
        .filter((f) => f.uri.scheme === 'file')
        .map((f) => ({ path: f.uri.fsPath, name: f.name }));
      if (roots.length === 0) return [];
      const apiKey = (await services.context.secrets.get(API_KEY_SECRET)) || undefined;
      const launch = mcpLaunch({
        settings: services.settings(),
        roots,
        cliPath: vscode.Uri.joinPath(services.context.extensionUri, 'dist', 'cli.js').fsPath,
        runtimePath: process.execPath,
        ...(apiKey ? { apiKey } : {}),
      });
      const version = String(services.context.extension.packageJSON.version);
      return [new api.McpStdioServerDefinition(LABEL, launch.command, launch.args, launch.env, version)];
    },
    // The key joins the environment only when VS Code starts the server, never the listed definition.
    resolveMcpServerDefinition: async (server) => {
      const apiKey = await services.context.secrets.get(API_KEY_SECRET);
      if (apiKey) server.env = { ...server.env, OPENAI_API_KEY: apiKey };
      return server;
    },
  };
  let registration: vscode.Disposable;
  try {
    registration = api.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider);
  } catch (error) {
    // A later VS Code that changed the API must not cost the user the rest of the extension.
    services.log.warn(`rlm mcp could not be listed in VS Code's MCP servers: ${String(error)}`);
    changed.dispose();
    return new vscode.Disposable(() => {});
  }
  return vscode.Disposable.from(
    changed,
    vscode.workspace.onDidChangeWorkspaceFolders(fire),
    vscode.workspace.onDidChangeConfiguration((e) => (e.affectsConfiguration('rlm') || e.affectsConfiguration('files.exclude')) && fire()),
    services.context.secrets.onDidChange((e) => e.key === API_KEY_SECRET && fire()),
    registration,
  );
}
