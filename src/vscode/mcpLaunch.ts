// How VS Code starts `rlm mcp` for the open workspace: the bundled CLI under the extension
// host's own runtime, one --workspace per folder, and the rlm.* settings as its flags. Pure (no
// vscode import), so the tests start exactly this command.
import { chooseModelSource } from './models/modelChoice.js';
import type { RlmSettings } from './settings.js';
import type { MountedRoot } from './workspacePaths.js';

export interface McpLaunch {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export interface McpLaunchInput {
  settings: RlmSettings;
  roots: readonly MountedRoot[];
  /** dist/cli.js of the installed extension. */
  cliPath: string;
  /** The extension host's executable: Node, or Electron in desktop VS Code (hence ELECTRON_RUN_AS_NODE). */
  runtimePath: string;
  apiKey?: string;
}

/**
 * The model: the OpenAI-compatible one when the settings name it (provider "openai-compatible",
 * or "auto" with it configured); otherwise none, and `ask` runs on VS Code's own model through
 * MCP sampling. The key is not part of the launch: it is added to the environment at start only.
 */
export function mcpLaunch({ settings, roots, cliPath, runtimePath, apiKey }: McpLaunchInput): McpLaunch {
  const choice =
    settings.modelProvider === 'copilot'
      ? undefined
      : chooseModelSource({ settings, inChat: false, copilotAvailable: false, ...(apiKey ? { apiKey } : {}) });
  const model =
    choice?.kind === 'openai-compatible'
      ? [
          '--base-url',
          choice.baseURL,
          '--model',
          choice.model,
          ...(choice.subModel !== choice.model ? ['--sub-model', choice.subModel] : []),
        ]
      : [];
  const args = [
    cliPath,
    'mcp',
    ...roots.flatMap((root) => ['--workspace', root.path]),
    ...model,
    '--engine',
    settings.sandboxEngine,
    '--concurrency',
    String(settings.concurrency),
    '--max-depth',
    String(settings.maxDepth),
    '--max-iterations',
    String(settings.maxIterations),
    '--max-sub-calls',
    String(settings.maxSubCalls),
    // The CLI takes a positive cost only; 0 (stop at once) is not worth a flag of its own.
    ...(settings.maxCostUsd ? ['--max-cost', String(settings.maxCostUsd)] : []),
    ...(settings.allowSecretFiles ? ['--allow-secrets'] : []),
    ...(settings.redactSecrets ? [] : ['--no-redact']),
    ...settings.include.flatMap((glob) => ['--include', glob]),
    ...settings.exclude.flatMap((glob) => ['--exclude', glob]),
    ...(settings.cache ? [] : ['--no-cache']),
  ];
  return { command: runtimePath, args, env: { ELECTRON_RUN_AS_NODE: '1' } };
}
