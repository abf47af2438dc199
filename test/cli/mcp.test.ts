// `rlm mcp` as an MCP client sees it: the SDK's own Client over stdio against the built bundle
// on a fixture workspace, with the scripted OpenAI-compatible server as the model.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeWorkspace, OUTSIDE_SECRET, type TestWorkspace } from '../fixtures/makeWorkspace.js';
import { CLI } from '../support/runCli.js';
import { httpError, startScriptedModelServer, type ScriptedModelServer, type ServedRequest } from '../support/scriptedModelServer.js';
import { waitUntil } from '../support/waitUntil.js';

const MODEL_ENV = ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'RLM_MODEL', 'RLM_SUB_MODEL', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID'];

const js = (code: string) => `\`\`\`js\n${code}\n\`\`\``;
const question = (r: ServedRequest) => /^Question: (.*)/.exec(r.messages.find((m) => m.role === 'user')?.content ?? '')?.[1] ?? '';
const turn = (r: ServedRequest) => r.messages.filter((m) => m.role === 'assistant').length + 1;
const lastUser = (r: ServedRequest) => [...r.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
const cellOutput = (r: ServedRequest) => /\[cell 1 output\]\n(.*)/.exec(lastUser(r))?.[1] ?? '?';

/**
 * "Slow …" never answers in time (the cancellation test), "Locked …" is refused (401), "Which files …" lists the
 * files it sees; others grep in turn 1 and answer in turn 2.
 */
function policy(r: ServedRequest) {
  if (question(r).startsWith('Locked')) return httpError(401, 'Incorrect API key provided');
  if (question(r).startsWith('Which files'))
    return turn(r) === 1 ? js('print(glob("**").join(","))') : js(`FINAL(${JSON.stringify(cellOutput(r))})`);
  if (question(r).startsWith('Slow')) return { kind: 'text' as const, text: js('FINAL("too late")'), delayMs: 60_000 };
  if (turn(r) === 1) return js('print(grep("TODO: accept").map((m) => `${m.path}:${m.line}`).join(","))');
  return js(`FINAL("The TODO is at " + ${JSON.stringify(/\[cell 1 output\]\n(.*)/.exec(lastUser(r))?.[1] ?? '?')})`);
}

/** This process's environment without any model configuration, and a fresh cache folder. */
function cleanEnv(cacheDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !MODEL_ENV.includes(key)) env[key] = value;
  return { ...env, RLM_CACHE_DIR: cacheDir };
}

interface Connected {
  client: Client;
  transport: StdioClientTransport;
  stderr: () => string;
}

async function connect(args: string[], cacheDir: string, capabilities: ConstructorParameters<typeof Client>[1] = {}): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', ...args],
    env: cleanEnv(cacheDir),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: 'mcp-test', version: '1.0.0' }, capabilities);
  await client.connect(transport);
  return { client, transport, stderr: () => stderr };
}

const textOf = (result: unknown) =>
  ((result as CallToolResult).content ?? []).map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');

let ws: TestWorkspace;
let server: ScriptedModelServer;
let cacheDir: string;
let mcp: Connected;

beforeAll(async () => {
  ws = makeWorkspace('basic');
  server = await startScriptedModelServer(policy);
  cacheDir = mkdtempSync(join(tmpdir(), 'rlm-mcp-cache-'));
  mcp = await connect(['-w', ws.root, '--base-url', server.baseURL, '--model', 'm'], cacheDir);
});
afterAll(async () => {
  await mcp.client.close();
  await server.close();
  ws.cleanup();
});

const call = (name: string, args: Record<string, unknown>) => mcp.client.callTool({ name, arguments: args }) as Promise<CallToolResult>;

describe('rlm mcp: the workspace tools', () => {
  it('lists ask and the workspace tools, read-only, with schemas an agent can fill in', async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['ask', 'glob', 'grep', 'outline', 'peek', 'refs', 'slice', 'symbols', 'tree']);
    const grep = tools.find((t) => t.name === 'grep')!;
    expect(grep.inputSchema.required).toEqual(['pattern']);
    expect(Object.keys(grep.inputSchema.properties ?? {})).toEqual(['pattern', 'glob', 'ignoreCase', 'maxResults', 'contextLines']);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true && (t.description ?? '').length > 80)).toBe(true);
    expect(mcp.client.getInstructions()).toContain(`workspace ${ws.root.split('/').pop()}`);
  });

  it('grep finds lines as path:line:column: text, with context when asked', async () => {
    expect(textOf(await call('grep', { pattern: 'TODO: accept' }))).toBe('src/index.ts:4:4: // TODO: accept a list of names');
    expect(textOf(await call('grep', { pattern: 'TODO: accept', contextLines: 1 }))).toBe(
      [
        'src/index.ts-3- ',
        'src/index.ts:4:4: // TODO: accept a list of names',
        'src/index.ts-5- export function greet(name: string): string {',
      ].join('\n'),
    );
  });

  it('grep says when it cut the results, as the sandbox does', async () => {
    const text = textOf(await call('grep', { pattern: 'line', glob: 'big/**', maxResults: 2 }));
    expect(text.split('\n').slice(0, 2)).toEqual([
      'big/large.txt:1:1: line 000001 of the large file',
      'big/large.txt:2:1: line 000002 of the large file',
    ]);
    expect(text).toContain('[grep: showing the first 2 matching lines; more exist.');
  });

  it('peek, glob, tree, symbols, slice, refs and outline answer from the workspace', async () => {
    expect(textOf(await call('peek', { path: 'src/index.ts', startLine: 4, endLine: 5 }))).toBe(
      '4: // TODO: accept a list of names\n5: export function greet(name: string): string {',
    );
    const ts = textOf(await call('glob', { pattern: 'src/**/*.ts' })).split('\n');
    expect(ts).toEqual(expect.arrayContaining(['src/index.ts', 'src/util/math.ts', 'src/util/strings.ts']));
    expect(textOf(await call('tree', { depth: 1 }))).toMatch(/src\//);
    expect(textOf(await call('symbols', { path: 'src/index.ts' }))).toBe('5-7 function greet\n9-12 function main');
    expect(textOf(await call('slice', { path: 'src/index.ts', name: 'greet' }))).toBe(
      [
        'src/index.ts:4-7 function greet',
        '4: // TODO: accept a list of names',
        '5: export function greet(name: string): string {',
        '6:   return `Hello, ${name}`;',
        '7: }',
      ].join('\n'),
    );
    expect(textOf(await call('slice', { path: 'src/index.ts', name: 'nothing' }))).toContain(
      'No definition named "nothing" in src/index.ts',
    );
    expect(textOf(await call('refs', { name: 'greet' }))).toContain('src/index.ts:11:');
    expect(textOf(await call('outline', { paths: 'src/**/*.ts' }))).toMatch(/src\/index\.ts[\s\S]*greet/);
  });

  it('refuses paths outside the workspace with the sandbox message, as a tool error', async () => {
    for (const path of ['../outside/secret.txt', 'outside-file.txt', '/etc/passwd']) {
      const result = await call('peek', { path });
      expect(result.isError, path).toBe(true);
      expect(textOf(result)).toMatch(/^peek\(\): /);
      expect(textOf(result)).not.toContain(OUTSIDE_SECRET);
    }
    expect(textOf(await call('grep', { pattern: OUTSIDE_SECRET }))).toBe('No matches.');
  });

  it('keeps secret files invisible: not listed, not searched, not read', async () => {
    const all = textOf(await call('glob', { pattern: '**/*', limit: 0 })).split('\n');
    expect(all).toContain('src/index.ts');
    for (const secret of ['.env', '.env.local', 'id_rsa', 'credentials.json', 'config/server.pem']) expect(all).not.toContain(secret);
    expect(textOf(await call('grep', { pattern: 'FAKE-ENV-SECRET' }))).toBe('No matches.');
    const read = await call('peek', { path: '.env' });
    expect(read.isError).toBe(true);
    expect(textOf(read)).not.toContain('FAKE-ENV-SECRET');
  });

  it('reports bad arguments as a tool error the agent can act on', async () => {
    const result = await call('peek', { path: 'src/index.ts', startLine: 9, endLine: 3 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('peek(): endLine (3) is before startLine (9).');
    const schema = await call('grep', {});
    expect(schema.isError).toBe(true);
    expect(textOf(schema)).toContain('pattern');
  });
});

describe('rlm mcp: ask', () => {
  it('runs the RLM with the configured model and reports progress', async () => {
    const before = server.requests.length;
    const progress: Progress[] = [];
    const result = (await mcp.client.callTool({ name: 'ask', arguments: { question: 'Where is the TODO?' } }, undefined, {
      onprogress: (p) => progress.push(p),
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(/^The TODO is at src\/index\.ts:4\nDone\. 2 model calls, [\d,]+ tokens, \d+\.\d s\.$/);
    const sent = server.requests.slice(before);
    expect(sent.map((r) => [r.model, question(r)])).toEqual([
      ['m', 'Where is the TODO?'],
      ['m', 'Where is the TODO?'],
    ]);
    expect(progress.map((p) => p.message)).toEqual(['turn 1 · 0 model calls', 'turn 2 · 1 model call']);
  });

  it('a run the server refuses (401) is one tool error that names the launch flag, not a partial answer', async () => {
    const result = await call('ask', { question: 'Locked question' });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toMatch(
      /^The RLM run failed: http:\/\/127\.0\.0\.1:\d+\/v1 needs an API key and none was set \(401\): Incorrect API key provided\. Give the key with --api-key KEY \(or OPENAI_API_KEY\)\. These are arguments or environment variables of this server's entry in the MCP client's configuration/,
    );
    expect(result.content).toHaveLength(1);
    expect(text.match(/Incorrect API key provided/g)).toHaveLength(1);
    expect(text).not.toMatch(/\(no answer\)|Failed \(|\.\./);
  });

  it('a folder, include and exclude narrow what the question sees (paths stay workspace-relative), as rlm ask --include / --exclude', async () => {
    const { tools } = await mcp.client.listTools();
    const schema = tools.find((t) => t.name === 'ask')!.inputSchema;
    expect(Object.keys(schema.properties ?? {})).toEqual(['question', 'folder', 'include', 'exclude']);
    expect(schema.required).toEqual(['question']);
    const whole = textOf(await call('ask', { question: 'Which files are there?' }))
      .split('\n')[0]!
      .split(',');
    expect(whole).toEqual(expect.arrayContaining(['src/index.ts', 'src/util/math.ts', 'src/util/strings.ts']));
    expect(textOf(await call('ask', { question: 'Which files are in util?', folder: 'src/util' })).split('\n')[0]).toBe(
      'src/util/math.ts,src/util/strings.ts',
    );
    expect(
      textOf(await call('ask', { question: 'Which files, without strings?', folder: 'src/util', exclude: ['strings.ts'] })).split('\n')[0],
    ).toBe('src/util/math.ts');
    expect(
      textOf(await call('ask', { question: 'Which files are TypeScript?', include: ['**/*.ts'] }))
        .split('\n')[0]!
        .split(',')
        .sort(),
    ).toEqual(whole.filter((f) => f.endsWith('.ts')).sort());
  });

  it('a folder outside the workspace is a tool error that says what to pass, and nothing runs', async () => {
    const before = server.requests.length;
    for (const folder of ['..', '/etc', 'no/such/dir']) {
      const result = await call('ask', { question: 'Which files are outside?', folder });
      expect(result.isError, folder).toBe(true);
      expect(textOf(result)).toMatch(
        new RegExp(
          `^No folder "${folder.replace(/[./]/g, '\\$&')}" in the workspace \\(${ws.root.split('/').pop()}\\); give a folder inside it`,
        ),
      );
    }
    expect(server.requests.length).toBe(before);
  });

  it('stops the run when the client cancels: the model request is dropped and no turn follows', async () => {
    const before = server.requests.length;
    const controller = new AbortController();
    const pending = mcp.client.callTool({ name: 'ask', arguments: { question: 'Slow question' } }, undefined, {
      signal: controller.signal,
    });
    await waitUntil(() => server.requests.length === before + 1 && server.inFlight === 1, 'the question reached the server', {
      timeoutMs: 5000,
    });
    controller.abort('the user stopped it');
    await expect(pending).rejects.toThrow(/the user stopped it|abort/i);
    await waitUntil(() => server.inFlight === 0, 'the server holds no request', { timeoutMs: 5000 });
    await new Promise((r) => setTimeout(r, 300));
    expect(server.requests.length).toBe(before + 1);
    // The server is still there for the next call.
    expect(textOf(await call('grep', { pattern: 'TODO: accept' }))).toContain('src/index.ts:4');
  });
});

describe('rlm mcp: without a configured model', () => {
  it("ask runs on the client's own model through sampling", async () => {
    const sampled = await connect(['-w', ws.root], mkdtempSync(join(tmpdir(), 'rlm-mcp-cache-')), { capabilities: { sampling: {} } });
    const seen: Array<{ system?: string; roles: string[]; maxTokens: number }> = [];
    const { CreateMessageRequestSchema } = await import('@modelcontextprotocol/sdk/types.js');
    sampled.client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
      const { messages, systemPrompt, maxTokens } = request.params;
      seen.push({ ...(systemPrompt ? { system: systemPrompt } : {}), roles: messages.map((m) => m.role), maxTokens });
      const last = messages[messages.length - 1]!.content;
      const output = !Array.isArray(last) && last.type === 'text' ? (/\[cell 1 output\]\n(.*)/.exec(last.text)?.[1] ?? '') : '';
      const reply =
        messages.length === 1
          ? js('print(grep("TODO: accept").map((m) => m.path).join(","))')
          : js(`FINAL("Found in " + ${JSON.stringify(output)})`);
      return { model: 'client-model', role: 'assistant', content: { type: 'text', text: reply }, stopReason: 'endTurn' };
    });
    try {
      const result = (await sampled.client.callTool({ name: 'ask', arguments: { question: 'Where is the TODO?' } })) as CallToolResult;
      expect(textOf(result)).toMatch(/^Found in src\/index\.ts\nDone\. 2 model calls/);
      expect(seen.map((s) => s.roles)).toEqual([['user'], ['user', 'assistant', 'user']]);
      expect(seen[0]!.system).toMatch(/REPL/);
      expect(sampled.stderr()).toBe('');
    } finally {
      await sampled.client.close();
    }
  });

  it('without sampling, ask says how to configure a model and the workspace tools still work', async () => {
    const bare = await connect(['-w', ws.root], mkdtempSync(join(tmpdir(), 'rlm-mcp-cache-')));
    try {
      const result = (await bare.client.callTool({ name: 'ask', arguments: { question: 'Where is the TODO?' } })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('--model NAME');
      expect(textOf(await bare.client.callTool({ name: 'grep', arguments: { pattern: 'TODO: accept' } }))).toContain('src/index.ts:4');
    } finally {
      await bare.client.close();
    }
  });
});

describe('rlm mcp: shutdown', () => {
  it('exits by itself when the client closes stdin, after writing the symbol cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rlm-mcp-cache-'));
    const short = await connect(['-w', ws.root], dir);
    await short.client.callTool({ name: 'symbols', arguments: { path: 'src/index.ts' } });
    const pid = short.transport.pid!;
    // The SDK's close sends SIGTERM to a server still running 2 s after stdin ends. On the fake
    // clock those 2 s never pass, so close() returns only once the server has exited by itself
    // (one that waits for the signal times the test out); a wall-clock bound failed under load.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await short.client.close();
    } finally {
      vi.useRealTimers();
    }
    expect(() => process.kill(pid, 0)).toThrow();
    const written = readdirSync(dir, { recursive: true }).map(String);
    expect(written.some((f) => f.endsWith('symbols.pack'))).toBe(true);
    expect(short.stderr()).toBe('');
  });
});
