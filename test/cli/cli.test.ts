// The `rlm` binary as users run it: the built bundle in a child process.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, OUTSIDE_SECRET, type TestWorkspace } from '../fixtures/makeWorkspace.js';
import { runCli, type CliRun } from '../support/runCli.js';

/** Keeps the CLI's caches out of the home folder during tests. */
const CACHE_DIR = mkdtempSync(join(tmpdir(), 'rlm-cli-cache-'));

function rlm(args: string[], options: { input?: string; cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return runCli(args, { ...options, env: { ...process.env, RLM_CACHE_DIR: CACHE_DIR, ...options.env } });
}

describe('rlm exec', () => {
  let ws: TestWorkspace;
  beforeAll(() => (ws = makeWorkspace('basic')));
  afterAll(() => ws.cleanup());

  it('prints what the code printed and the FINAL value', async () => {
    const r = await rlm([
      'exec',
      '--workspace',
      ws.root,
      '--code',
      'print(glob("src/util/*.ts").join(","))',
      '--code',
      'FINAL({n: ls("src/util").length})',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('src/util/math.ts,src/util/strings.ts\n{\n  "n": 2\n}\n');
  });

  it('redacts credentials inside ordinary files unless --no-redact is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rlm-redact-cli-'));
    const token = `ghp_${'Q8w2E9r4T7y1U3i5O6p0A2s4D6f8G1h3J5k7'}`;
    writeFileSync(join(dir, 'deploy.py'), `GITHUB_TOKEN = "${token}"\n`);
    const redacted = await rlm(['exec', '-w', dir, '--code', 'FINAL(read("deploy.py"))']);
    expect(redacted.stdout).toBe('GITHUB_TOKEN = "«redacted: github-token»"\n');
    const raw = await rlm(['exec', '-w', dir, '--no-redact', '--code', 'FINAL(read("deploy.py"))']);
    expect(raw.stdout).toBe(`GITHUB_TOKEN = "${token}"\n`);
  });

  it('uses the current folder by default', async () => {
    const r = await rlm(['exec', '--code', 'FINAL(stat("src/index.ts").language)'], { cwd: ws.root });
    expect(r.stdout).toBe('typescript\n');
  });

  it('prints {final, output, error, stats} with --json', async () => {
    const r = await rlm([
      'exec',
      '-w',
      ws.root,
      '--json',
      '--code',
      'print("hi"); FINAL(grep("export function add").map(m => m.path + ":" + m.line))',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.final).toEqual(['src/util/math.ts:1']);
    expect(report.output).toBe('hi\n');
    expect(report.error).toBeNull();
    expect(report.stats.wallMs).toBeGreaterThan(0);
    expect(report.stats.engine).toBe('isolated-vm');
  });

  it('runs a code file and standard input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rlm-code-'));
    const file = join(dir, 'probe.js');
    writeFileSync(file, 'const lines = peek("src/util/math.ts", 1, 1);\nFINAL(lines)');
    const fromFile = await rlm(['exec', '-w', ws.root, file]);
    expect(fromFile.stdout).toMatch(/^1: export function add/);
    const fromStdin = await rlm(['exec', '-w', ws.root, '-'], { input: 'FINAL(1 + 2)' });
    expect(fromStdin.stdout).toBe('3\n');
  });

  it('lists symbols and caches them under the cache folder', async () => {
    const r = await rlm(['exec', '-w', ws.root, '--code', 'FINAL(symbols("src/util/strings.ts").map(s => s.name))']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(['shout', 'whisper']);
    const cached = await rlm(['exec', '-w', ws.root, '--code', 'FINAL(slice("src/util/strings.ts", "whisper").startLine)']);
    expect(cached.stdout).toBe('5\n');
    expect(readdirSync(CACHE_DIR)).toHaveLength(1); // one folder for this workspace
  });

  it('exits non-zero with the error on stderr when the code fails', async () => {
    const r = await rlm(['exec', '-w', ws.root, '--code', 'read("../outside/secret.txt")']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rlm: Error: read\(\): .*"\.\."/);
    expect(r.stdout).not.toContain(OUTSIDE_SECRET);
  });

  it('stops a cell at --timeout', async () => {
    const r = await rlm(['exec', '-w', ws.root, '--timeout', '300', '--code', 'while (true) {}']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/stopped after 300 ms/);
  });

  it('explains usage mistakes with exit code 2', async () => {
    const missing = await rlm(['exec', '-w', join(ws.root, 'nope'), '--code', '1']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/workspace folder not found/);
    const noCode = await rlm(['exec', '-w', ws.root]);
    expect(noCode.code).toBe(2);
    expect(noCode.stderr).toMatch(/no code given/);
  });
});

describe('rlm exec --engine', () => {
  let ws: TestWorkspace;
  beforeAll(() => (ws = makeWorkspace('basic')));
  afterAll(() => ws.cleanup());
  const WITHOUT_ISOLATED_VM = { NODE_OPTIONS: `--require ${join(__dirname, '../support/withoutIsolatedVm.cjs')}` };
  const code = 'FINAL(grep("export function add").map(m => m.path + ":" + m.line).concat(symbols("src/util/math.ts").map(s => s.name)))';

  it('runs the REPL API on the quickjs engine with the same results as on isolated-vm', async () => {
    const [quickjs, isolated] = await Promise.all(
      ['quickjs', 'isolated-vm'].map((engine) => rlm(['exec', '-w', ws.root, '--engine', engine, '--json', '--code', code])),
    );
    expect(quickjs!.stderr).toBe('');
    const report = JSON.parse(quickjs!.stdout);
    expect(report.stats.engine).toBe('quickjs');
    expect(report.final.slice(0, 3)).toEqual(['src/util/math.ts:1', 'add', 'multiply']);
    expect(JSON.parse(isolated!.stdout).stats.engine).toBe('isolated-vm');
    expect(JSON.parse(isolated!.stdout).final).toEqual(report.final);
  });

  it('auto falls back to quickjs where isolated-vm cannot load, and says why on stderr', async () => {
    const r = await rlm(['exec', '-w', ws.root, '--json', '--code', code], { env: WITHOUT_ISOLATED_VM });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).stats.engine).toBe('quickjs');
    expect(JSON.parse(r.stdout).final.slice(0, 3)).toEqual(['src/util/math.ts:1', 'add', 'multiply']);
    expect(r.stderr).toMatch(/^rlm: using the quickjs sandbox \(isolated-vm cannot run in this host: .*NODE_MODULE_VERSION 115/);
  });

  it('explains a forced isolated-vm that cannot load', async () => {
    const r = await rlm(['exec', '-w', ws.root, '--engine', 'isolated-vm', '--code', '1'], { env: WITHOUT_ISOLATED_VM });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/The isolated-vm sandbox could not start: .*NODE_MODULE_VERSION.*"auto" or "quickjs"/);
  });

  it('refuses an unknown engine with the choices', async () => {
    const r = await rlm(['exec', '-w', ws.root, '--engine', 'node-vm', '--code', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are auto, isolated-vm, quickjs/);
  });
});

describe('rlm repl', () => {
  let ws: TestWorkspace;
  beforeAll(() => (ws = makeWorkspace('basic')));
  afterAll(() => ws.cleanup());

  it('runs cells, continues incomplete input and keeps variables', async () => {
    const input = [
      'const files = glob("src/**/*.ts")',
      'for (const f of files) {',
      '  if (f.includes("util")) print(f)',
      '}',
      'files.length > 2',
      '.exit',
      '',
    ].join('\n');
    const r = await rlm(['repl', '-w', ws.root], { input, env: { RLM_REPL_HISTORY: join(ws.outside, 'history') } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('src/util/math.ts\nsrc/util/strings.ts\n');
    expect(r.stdout).toContain('true');
    expect(r.stdout).toContain('... ');
  });

  it('lists the functions with .help and shows errors without leaving', async () => {
    const input = ['.help', 'read("/etc/passwd")', 'FINAL("done")', ''].join('\n');
    const r = await rlm(['repl', '-w', ws.root], { input });
    expect(r.stdout).toContain('grep(pattern: string | RegExp');
    expect(r.stdout).toContain('FINAL_VAR(name)');
    expect(r.stdout).toMatch(/Error: read\(\): .*absolute/);
    expect(r.stdout).toContain('FINAL → done');
    expect(r.stdout).not.toContain('root:x:0');
  });
});
