// The MCP server definition the extension hands VS Code: the flags follow the settings, and the
// command it names really starts `rlm mcp` (the built bundle, driven by the SDK's own client).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpLaunch } from '../../src/vscode/mcpLaunch.js';
import { readSettings, type RlmSettings } from '../../src/vscode/settings.js';
import { makeWorkspace, type TestWorkspace } from '../fixtures/makeWorkspace.js';
import { CLI } from '../support/runCli.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../support/scriptedModelServer.js';
import { js } from '../support/scriptedModel.js';

const settings = (values: Partial<RlmSettings> = {}): RlmSettings => ({ ...readSettings({ get: () => undefined }), ...values });
const roots = [
  { path: '/work/app', name: 'app' },
  { path: '/work/lib', name: 'lib' },
];
const base = { roots, cliPath: '/ext/dist/cli.js', runtimePath: '/usr/bin/node' };
const defaults = ['--engine', 'auto', '--concurrency', '8', '--max-depth', '2', '--max-iterations', '20', '--max-sub-calls', '300'];

describe('mcpLaunch', () => {
  it('runs the bundled CLI under the host runtime with a --workspace per folder; Copilot settings leave the model to sampling', () => {
    expect(mcpLaunch({ ...base, settings: settings({ modelProvider: 'copilot', model: 'gpt-4.1' }) })).toEqual({
      command: '/usr/bin/node',
      args: ['/ext/dist/cli.js', 'mcp', '--workspace', '/work/app', '--workspace', '/work/lib', ...defaults],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  });

  it('passes the OpenAI-compatible model and the limits from the settings, never the key', () => {
    const launch = mcpLaunch({
      ...base,
      apiKey: 'sk-test-key',
      settings: settings({
        modelProvider: 'auto',
        model: 'gpt-4.1',
        subModel: 'gpt-4.1-mini',
        maxSubCalls: 0,
        maxCostUsd: 0.5,
        allowSecretFiles: true,
        cache: false,
        sandboxEngine: 'quickjs',
      }),
    });
    expect(launch.args.slice(6)).toEqual([
      '--base-url',
      'https://api.openai.com/v1',
      '--model',
      'gpt-4.1',
      '--sub-model',
      'gpt-4.1-mini',
      '--engine',
      'quickjs',
      '--concurrency',
      '8',
      '--max-depth',
      '2',
      '--max-iterations',
      '20',
      '--max-sub-calls',
      '0',
      '--max-cost',
      '0.5',
      '--allow-secrets',
      '--no-cache',
    ]);
    expect(JSON.stringify(launch)).not.toContain('sk-test-key');
  });

  it('passes the include and exclude globs (files.exclude already merged into exclude), one flag each', () => {
    const launch = mcpLaunch({ ...base, settings: settings({ include: ['src/**'], exclude: ['**/*.gen.ts', 'dist/**'] }) });
    expect(launch.args.slice(6 + defaults.length)).toEqual(['--include', 'src/**', '--exclude', '**/*.gen.ts', '--exclude', 'dist/**']);
  });

  it('leaves an incomplete OpenAI-compatible configuration out (ask then uses sampling or says what to set)', () => {
    expect(mcpLaunch({ ...base, settings: settings({ modelProvider: 'openai-compatible', model: 'm' }) }).args).not.toContain('--model');
  });
});

describe('the launched server', () => {
  let ws: TestWorkspace;
  let model: ScriptedModelServer;
  beforeAll(async () => {
    ws = makeWorkspace('basic');
    model = await startScriptedModelServer((r) =>
      r.messages.some((m) => m.role === 'assistant') ? js('FINAL("done")') : js('FINAL("The answer")'),
    );
  });
  afterAll(async () => {
    await model.close();
    ws.cleanup();
  });

  it('starts rlm mcp on the workspace and answers ask with the configured model and the key from the environment', async () => {
    const launch = mcpLaunch({
      roots: [{ path: ws.root, name: 'basic' }],
      cliPath: CLI,
      runtimePath: process.execPath,
      settings: settings({ modelProvider: 'openai-compatible', baseUrl: model.baseURL, model: 'scripted' }),
    });
    const env = {
      ...(process.env as Record<string, string>),
      ...launch.env,
      OPENAI_API_KEY: 'sk-from-secret-storage',
      RLM_CACHE_DIR: mkdtempSync(join(tmpdir(), 'rlm-mcp-launch-')),
    };
    const client = new Client({ name: 'launch-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: launch.command, args: launch.args, env }));
    try {
      const result = (await client.callTool({ name: 'ask', arguments: { question: 'What is it?' } })) as CallToolResult;
      expect(result.content[0]).toEqual({ type: 'text', text: 'The answer' });
      expect(model.requests.map((r) => [r.model, r.headers.authorization])).toEqual([['scripted', 'Bearer sk-from-secret-storage']]);
    } finally {
      await client.close();
    }
  });

  it('hides what rlm.exclude hides and shows only what rlm.include shows', async () => {
    const launch = mcpLaunch({
      roots: [{ path: ws.root, name: 'basic' }],
      cliPath: CLI,
      runtimePath: process.execPath,
      settings: settings({ include: ['src/**', 'docs/**'], exclude: ['docs/**'] }),
    });
    const env = {
      ...(process.env as Record<string, string>),
      ...launch.env,
      RLM_CACHE_DIR: mkdtempSync(join(tmpdir(), 'rlm-mcp-launch-')),
    };
    const client = new Client({ name: 'launch-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: launch.command, args: launch.args, env }));
    try {
      const result = (await client.callTool({ name: 'glob', arguments: { pattern: '**/*' } })) as CallToolResult;
      const listed = JSON.stringify(result.content);
      expect(listed).toContain('src/');
      expect(listed).not.toContain('docs/');
      expect(listed).not.toContain('README.md');
    } finally {
      await client.close();
    }
  });
});
