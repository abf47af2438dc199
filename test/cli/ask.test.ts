// `rlm ask` as users run it: the built bundle in a child process against the scripted
// OpenAI-compatible server on 127.0.0.1.
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeWorkspace, type TestWorkspace } from '../fixtures/makeWorkspace.js';
import { runCli, startCli, type CliRun } from '../support/runCli.js';
import { httpError, startScriptedModelServer, text, type ScriptedModelServer, type ServedRequest } from '../support/scriptedModelServer.js';

const MODEL_ENV = [
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'RLM_MODEL',
  'RLM_SUB_MODEL',
  'RLM_CONTEXT_WINDOW',
  'OPENAI_ORG_ID',
  'OPENAI_PROJECT_ID',
];

let cacheDir: string;

/** This process's environment without a model configured from this machine, and a test cache folder. */
function cliEnv(env: Record<string, string>): Record<string, string | undefined> {
  const base: Record<string, string | undefined> = { ...process.env, RLM_CACHE_DIR: cacheDir };
  for (const key of MODEL_ENV) delete base[key];
  return { ...base, ...env };
}

const rlm = (args: string[], env: Record<string, string> = {}): Promise<CliRun> => runCli(args, { env: cliEnv(env) });
const rlmChild = (args: string[]) => startCli(args, { env: cliEnv({}) });

/** A port nobody listens on: bound, then released. */
function closedPort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

const js = (code: string) => `\`\`\`js\n${code}\n\`\`\``;
const lastUser = (r: ServedRequest) => [...r.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
const question = (r: ServedRequest) => /^Question: (.*)/.exec(r.messages.find((m) => m.role === 'user')?.content ?? '')?.[1] ?? '';
const turn = (r: ServedRequest) => r.messages.filter((m) => m.role === 'assistant').length + 1;

/** Root: greps for the TODO in turn 1, answers with the hit in turn 2. "Fan out": llm() over gen/*.ts. */
function policy(r: ServedRequest): string {
  const system = r.messages[0]?.content ?? '';
  if (system.startsWith('You help analyse a codebase')) return 'sub-answer';
  if (question(r).startsWith('Probe forever'))
    return lastUser(r).startsWith('Stop exploring') ? 'Best guess: src/index.ts:4.' : js('print(ls().length)');
  if (question(r).startsWith('Fan out')) {
    if (turn(r) === 1)
      return js(
        'const all = await Promise.all(Array.from({length: 24}, (_, i) => llm("Summarise part " + i)));\nFINAL(`${all.length} sub-answers`)',
      );
    return js('FINAL("unexpected")');
  }
  if (question(r).startsWith('Window')) return js('try { await llm("Summarise.", "w".repeat(20000)) } catch (e) { FINAL(e.message) }');
  if (turn(r) === 1) return js('print(grep("TODO: accept").map((m) => `${m.path}:${m.line}`).join(","))');
  return js(`FINAL("The TODO is at " + ${JSON.stringify(/\[cell 1 output\]\n(.*)/.exec(lastUser(r))?.[1] ?? '?')})`);
}

let ws: TestWorkspace;
let server: ScriptedModelServer;
beforeAll(async () => {
  ws = makeWorkspace('basic');
  server = await startScriptedModelServer(policy);
});
afterAll(async () => {
  await server.close();
  ws.cleanup();
});
beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'rlm-ask-cache-'));
});

const requestsSince = (n: number) => server.requests.slice(n);

describe('rlm ask', () => {
  it('prints the answer on stdout and progress and a summary on stderr', async () => {
    const before = server.requests.length;
    const r = await rlm(['ask', '--workspace', ws.root, '--base-url', server.baseURL, '--model', 'm', 'Where is the TODO?']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('The TODO is at src/index.ts:4\n');
    // The model has no price: the live line says so as the summary does, never "$0".
    expect(r.stderr).toMatch(/^rlm: turn 1 · 0 calls · 0 tokens\nrlm: turn 2 · 1 calls · \d[\d,]* tokens · cost unknown\n/);
    expect(r.stderr).toMatch(
      /rlm: 2 calls \(0 cached, 0 sub-calls\) · [\d,]+ tokens in, [\d,]+ out · cost unknown · \d+\.\d s · depth 0\n$/,
    );
    const sent = requestsSince(before);
    expect(sent).toHaveLength(2);
    expect(sent.every((q) => q.model === 'm' && q.stream)).toBe(true);
    expect(question(sent[0]!)).toBe('Where is the TODO?');
  });

  it('joins several words into the question', async () => {
    const before = server.requests.length;
    const r = await rlm(['ask', '-w', ws.root, '--base-url', server.baseURL, '-m', 'm', 'Where', 'is', 'the', 'TODO?']);
    expect(r.stdout).toBe('The TODO is at src/index.ts:4\n');
    expect(question(requestsSince(before)[0]!)).toBe('Where is the TODO?');
  });

  it('prints {answer, status, partial, citations, stats} with --json', async () => {
    const r = await rlm(['ask', '-w', ws.root, '--base-url', server.baseURL, '--model', 'm', '--json', 'Where is the TODO?']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      answer: string;
      status: string;
      partial: boolean;
      citations: unknown[];
      stats: Record<string, unknown>;
    };
    expect(Object.keys(report).sort()).toEqual(['answer', 'citations', 'partial', 'stats', 'status']);
    // The line was found by grep(), never read with peek() or read(): it exists, unread.
    expect(report.citations).toEqual([{ path: 'src/index.ts', line: 4, status: 'unread', file: 'src/index.ts' }]);
    expect(report).toMatchObject({
      answer: 'The TODO is at src/index.ts:4',
      status: 'done',
      partial: false,
      stats: { calls: 2, subCalls: 0, cacheHits: 0, maxDepth: 0 },
    });
    expect(report.stats.inputTokens).toEqual(expect.any(Number));
    expect(report.stats.wallMs).toBeGreaterThan(0);
  });

  it('a limit reached: the best answer, status partial with the reason, exit code 3', async () => {
    const r = await rlm([
      'ask',
      '-w',
      ws.root,
      '--base-url',
      server.baseURL,
      '--model',
      'm',
      '--max-iterations',
      '2',
      '--json',
      'Probe forever',
    ]);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual({
      answer: 'Best guess: src/index.ts:4.',
      status: 'partial',
      partial: true,
      reason: 'the turn limit (2 turns) is reached',
      findings: expect.stringContaining('**Turn 1** — called `ls()`'),
      citations: [{ path: 'src/index.ts', line: 4, status: 'unread', file: 'src/index.ts' }],
      stats: expect.any(Object),
    });
    expect(r.stderr).toMatch(/ · partial: the turn limit \(2 turns\) is reached\n$/);
  });

  it('writes the call tree as JSONL with --trace', async () => {
    const file = join(cacheDir, 'trace.jsonl');
    const r = await rlm(['ask', '-w', ws.root, '--base-url', server.baseURL, '--model', 'm', '--trace', file, 'Where is the TODO?']);
    expect(r.code).toBe(0);
    const nodes = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(nodes.map((n) => n.kind)).toEqual(['rlm', 'turn', 'llm', 'cell', 'turn', 'llm', 'cell']);
    for (const n of nodes) {
      expect(n).toMatchObject({
        id: expect.any(String),
        depth: 0,
        label: expect.any(String),
        startMs: expect.any(Number),
        endMs: expect.any(Number),
        status: 'ok',
      });
      if (n.kind !== 'rlm') expect(nodes.some((p) => p.id === n.parentId)).toBe(true);
    }
    expect(nodes.filter((n) => n.kind === 'llm').every((n) => n.model === 'm' && typeof n.inputTokens === 'number')).toBe(true);
  });

  it('sizes the context window with --context-window or RLM_CONTEXT_WINDOW', async () => {
    const before = server.requests.length;
    const flag = await rlm(['ask', '-w', ws.root, '--base-url', server.baseURL, '-m', 'm', '--context-window', '4096', 'Window']);
    expect(flag.code).toBe(0);
    // 70% of 4,096 tokens, 4 characters a token.
    expect(flag.stdout).toContain(
      'llm(): the input is 20,204 characters (≈5,051 tokens), more than m takes in one call (≈11,468 characters); it was not sent.',
    );
    const env = await rlm(['ask', '-w', ws.root, '--base-url', server.baseURL, '-m', 'm', 'Window'], { RLM_CONTEXT_WINDOW: '4096' });
    expect(env.stdout).toBe(flag.stdout);
    expect(requestsSince(before).filter((q) => q.messages[0]?.content.startsWith('You help analyse a codebase'))).toHaveLength(0);
    const bad = await rlm(['ask', '-w', ws.root, '--base-url', server.baseURL, '-m', 'm', '--context-window', '100', 'Window']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected a number of tokens ≥ 1024');
  });

  it('takes the model from OPENAI_BASE_URL, RLM_MODEL and RLM_SUB_MODEL', async () => {
    const before = server.requests.length;
    const r = await rlm(['ask', '-w', ws.root, 'Fan out over the files'], {
      OPENAI_BASE_URL: server.baseURL,
      RLM_MODEL: 'env-root',
      RLM_SUB_MODEL: 'env-sub',
    });
    expect(r.stderr).not.toContain('Warning');
    expect(r.code).toBe(0);
    const sent = requestsSince(before);
    const models = new Set(sent.map((q) => q.model));
    expect(models).toEqual(new Set(['env-root', 'env-sub']));
    expect(sent.filter((q) => q.model === 'env-sub').every((q) => q.messages[0]?.content.startsWith('You help analyse a codebase'))).toBe(
      true,
    );
  });

  it('fans out under --concurrency without Node warnings on stderr', async () => {
    const r = await rlm([
      'ask',
      '-w',
      ws.root,
      '--base-url',
      server.baseURL,
      '--model',
      'm',
      '--concurrency',
      '3',
      '--json',
      'Fan out over the files',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { answer: string; stats: { subCalls: number } };
    expect(report.stats.subCalls).toBe(24);
    expect(report.answer).toBe(`${report.stats.subCalls} sub-answers`);
    // Before the CLI raised the signal's listener limit, Node printed MaxListenersExceededWarning here.
    expect(r.stderr).not.toMatch(/Warning/);
  });

  it('without a model exits 2 and says how to configure one', async () => {
    const r = await rlm(['ask', '-w', ws.root, 'Where is the TODO?']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^rlm: rlm ask needs a model\./);
    expect(r.stderr).toContain('--model NAME');
    expect(r.stderr).toContain('OPENAI_API_KEY');
    expect(r.stderr).toContain('--base-url URL');
  });

  it('uses the cache by default and bypasses it with --no-cache', async () => {
    const args = ['ask', '-w', ws.root, '--base-url', server.baseURL, '--model', 'm', '--json', 'Where is the TODO?'];
    const before = server.requests.length;
    const first = await rlm(args);
    expect(requestsSince(before)).toHaveLength(2);
    const cached = await rlm(args);
    expect(requestsSince(before)).toHaveLength(2);
    expect(JSON.parse(cached.stdout)).toMatchObject({ answer: 'The TODO is at src/index.ts:4', stats: { calls: 2, cacheHits: 2 } });
    expect(cached.stderr).toMatch(/rlm: 2 calls \(2 cached, 0 sub-calls\)/);
    const bypass = await rlm([...args, '--no-cache']);
    expect(requestsSince(before)).toHaveLength(4);
    expect(JSON.parse(bypass.stdout)).toMatchObject({ answer: JSON.parse(first.stdout).answer, stats: { cacheHits: 0 } });
  });

  it('an unreachable base URL: a clear network message, status failed, exit code 1', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const r = await rlm(['ask', '-w', ws.root, '--base-url', url, '--model', 'm', 'Where is the TODO?']);
    expect(r.code).toBe(1);
    // Nothing on stdout (there is no answer); the failure once on stderr, with the flag that fixes it.
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(
        `\\nrlm: failed: No model server answers at ${url.replace(/[.]/g, '\\.')} \\(.*ECONNREFUSED.*\\)\\. Check --base-url \\(or OPENAI_BASE_URL\\), and that the server is running\\.\\n$`,
      ),
    );
    expect(r.stderr.match(/No model server answers/g)).toHaveLength(1);
    const json = await rlm(['ask', '-w', ws.root, '--base-url', url, '--model', 'm', '--json', 'Where is the TODO?']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'failed',
      partial: true,
      reason: expect.stringMatching(/^the model failed: No model server answers/),
      failure: { kind: 'unreachable', baseUrl: url, fix: expect.stringMatching(/Check --base-url/) },
    });
  }, 60_000);

  it('a key the server refuses (401): status failed, exit code 1, not a partial answer', async () => {
    const refusing = await startScriptedModelServer(() => httpError(401, 'Incorrect API key provided'));
    try {
      const r = await rlm([
        'ask',
        '-w',
        ws.root,
        '--base-url',
        refusing.baseURL,
        '--model',
        'm',
        '--api-key',
        'sk-wrong',
        '--json',
        'Where is the TODO?',
      ]);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({
        status: 'failed',
        answer: '',
        reason: `the model failed: ${refusing.baseURL} refused the API key (401): Incorrect API key provided.`,
        failure: {
          kind: 'auth',
          status: 401,
          keySent: true,
          fix: `${refusing.baseURL} refused the API key (401): Incorrect API key provided. Check the key given with --api-key (or OPENAI_API_KEY).`,
        },
      });
    } finally {
      await refusing.close();
    }
  });

  it('Ctrl+C: the answer so far, status cancelled, exit code 130', async () => {
    const slow = await startScriptedModelServer((r) =>
      turn(r) === 1 ? js('print("found: src/index.ts:4")') : text(js('FINAL("too late")'), { delayMs: 30_000 }),
    );
    try {
      const run = rlmChild(['ask', '-w', ws.root, '--base-url', slow.baseURL, '--model', 'm', '--json', 'Where is the TODO?']);
      await expect.poll(() => slow.inFlight, { timeout: 20_000 }).toBe(1);
      await expect.poll(() => slow.requests.length, { timeout: 20_000 }).toBe(2);
      run.child.kill('SIGINT');
      const r = await run.done;
      expect(r.code).toBe(130);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'cancelled', partial: true, answer: 'Cancelled before a final answer.' });
      expect(JSON.parse(r.stdout).findings).toContain('found: src/index.ts:4');
      expect(r.stderr).toMatch(/ · cancelled\n$/);
    } finally {
      await slow.close();
    }
  }, 60_000);
});
