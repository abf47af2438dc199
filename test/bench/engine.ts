// Engine benchmark, through the real engine (`ask()`), the real OpenAI-compatible client and the
// real scheduler, against the scripted HTTP model server on 127.0.0.1 — all measured in this run:
//  - fan-out efficiency: N llm() sub-calls from one Promise.all cell, the server answering each
//    after L ms, at concurrency C; the cell's wall time against the ideal ceil(N/C) × L;
//  - root prompt size: the root model's first request as the server received it (system + user
//    messages) over a generated 100-file and 10,000-file workspace; tokens ≈ characters / 4;
//  - cache: the same question twice over one disk completion cache; the share of sub-calls the
//    second run served from it (and how many requests still reached the server);
//  - root prompt growth: a 20-turn run whose every turn prints 30,000 characters; the size of
//    each root request as the server received it, and the answer (computed from the data in the
//    sandbox's variables, so compaction must not change it);
//  - child RLMs on quickjs: a root cell starting 8 child rlm() calls over subsets (all at once,
//    and one after another), the server answering at once, so each child's sandbox start is on
//    the critical path; the run's wall time with the run's warm spare against without it.
// `npm run bench:engine`; BENCH_RUNS (default 3) runs per fan-out cell, median reported;
// BENCH_ONLY=fan-out|root-prompt|cache|long-run|children runs one section.
import { setMaxListeners } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AskResult } from '../../src/engine/engine.js';
import { askInWorkspace } from '../../src/host/question.js';
import { openWorkspace } from '../../src/host/workspace.js';
import { OpenAiCompatibleModel } from '../../src/llm/openAiCompatibleModel.js';
import { costUsd } from '../../src/llm/prices.js';
import { SandboxEngines } from '../../src/sandbox/createSandbox.js';
import { QuickJsSandbox } from '../../src/sandbox/quickjs/quickJsSandbox.js';
import {
  startScriptedModelServer,
  text,
  type Policy,
  type ScriptedModelServer,
  type ServedRequest,
} from '../support/scriptedModelServer.js';
import { folderWorkspace } from '../eval/workspaceEngine.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ONLY = process.env.BENCH_ONLY;
const FAN_OUT_N = 64;
const LATENCY_MS = 200;
const CONCURRENCIES = [4, 8, 16];
const CACHE_FILES = 32;
const CHARS_PER_TOKEN = 4;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const js = (code: string) => `\`\`\`js\n${code}\n\`\`\``;
const isRoot = (r: ServedRequest) => r.messages[0]?.role === 'system' && r.messages[0].content.includes('sandboxed REPL');
const tmp = mkdtempSync(join(tmpdir(), 'rlm-bench-engine-'));

interface Row {
  measurement: string;
  measured: string;
  goal: string;
  met?: boolean;
}
const rows: Row[] = [];

/** A scripted server for the length of `fn`. */
async function withServer<T>(policy: Policy, fn: (server: ScriptedModelServer) => Promise<T>): Promise<T> {
  const server = await startScriptedModelServer(policy);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

/**
 * One ask() over `folder` with the real client and scheduler against `server`. The models'
 * ids (and so the completion cache keys) include the server's address: runs that share a
 * cache share a server.
 */
async function run(
  folder: string,
  server: ScriptedModelServer,
  options: { concurrency?: number; cacheDir?: string; question?: string } = {},
) {
  const before = server.requests.length;
  // Like the CLI: every queued and running sub-call listens on the run's signal.
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const root = new OpenAiCompatibleModel({ baseURL: server.baseURL, model: 'bench-root' });
  const sub = new OpenAiCompatibleModel({ baseURL: server.baseURL, model: 'bench-sub' });
  const result = await askInWorkspace(folderWorkspace(folder, { symbolCacheDir: join(tmp, 'symbols') }), {
    question: options.question ?? 'What does each file do?',
    models: { root, sub, price: (name, usage) => costUsd(name, usage) },
    concurrency: options.concurrency ?? 8,
    limits: {},
    completionCacheDir: options.cacheDir,
    signal: controller.signal,
  });
  return { result, requests: server.requests.slice(before), maxInFlight: server.maxInFlight };
}

function expectAnswer(result: AskResult, what: string): void {
  if (result.status !== 'done') throw new Error(`${what}: the run ended ${result.status} (${result.reason}): ${result.answer}`);
}

// --- generated workspaces --------------------------------------------------------------------

/** A TypeScript-style project of `files` files: src/ modules, tests, docs and a few scripts. */
function generateWorkspace(name: string, files: number): string {
  const root = join(tmp, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name, version: '1.0.0', scripts: { test: 'vitest' } }, null, 2));
  writeFileSync(join(root, 'README.md'), `# ${name}\n\nA generated project for the engine benchmark.\n`);
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'Node16' } }, null, 2));
  const remaining = files - 3;
  const modules = Math.max(2, Math.round(Math.sqrt(remaining)));
  const plan: Array<[string, (i: number) => string]> = [
    ['docs', (i) => `# Topic ${i}\n\n${'This page explains one part of the system in some detail. '.repeat(8)}\n`],
    [
      'scripts',
      (i) =>
        `#!/usr/bin/env python3\n"""Maintenance script ${i}."""\n\nimport sys\n\n\ndef main(argv):\n    print("task ${i}", argv)\n    return 0\n\n\nif __name__ == "__main__":\n    sys.exit(main(sys.argv[1:]))\n`,
    ],
  ];
  const docs = Math.round(remaining * 0.07);
  const scripts = Math.round(remaining * 0.03);
  const tests = Math.round(remaining * 0.2);
  const sources = remaining - docs - scripts - tests;
  const write = (path: string, body: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), body);
  };
  for (let i = 0; i < docs; i++) write(`docs/topic-${i}.md`, plan[0][1](i));
  for (let i = 0; i < scripts; i++) write(`scripts/task_${i}.py`, plan[1][1](i));
  for (let i = 0; i < sources; i++) write(`src/module${i % modules}/unit${i}.ts`, sourceFile(i));
  for (let i = 0; i < tests; i++)
    write(
      `test/module${i % modules}/unit${i}.test.ts`,
      `import { unit${i} } from '../../src/module${i % modules}/unit${i}.js';\n\nit('unit ${i}', () => expect(unit${i}(2)).toBeGreaterThan(0));\n`,
    );
  return root;
}

function sourceFile(i: number): string {
  return `// Unit ${i}: one small piece of the generated project.
export interface Options${i} {
  factor: number;
  label?: string;
}

export function unit${i}(value: number, options: Options${i} = { factor: ${(i % 7) + 1} }): number {
  if (!Number.isFinite(value)) throw new Error('unit${i}: value must be finite');
  const scaled = value * options.factor;
  return scaled > ${i * 3} ? scaled - ${i} : scaled + ${i % 13};
}

export class Service${i} {
  private readonly seen = new Map<string, number>();

  record(key: string): number {
    const next = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, next);
    return next;
  }
}
`;
}

// --- fan-out efficiency ----------------------------------------------------------------------

async function fanOut(folder: string): Promise<void> {
  const code = `const answers = await Promise.all(Array.from({length: ${FAN_OUT_N}}, (_, i) => llm("Classify item " + i + ".")));\nFINAL(String(answers.length))`;
  const policy: Policy = (request) => (isRoot(request) ? js(code) : text('ok', { delayMs: LATENCY_MS }));
  for (const concurrency of CONCURRENCIES) {
    const ideal = Math.ceil(FAN_OUT_N / concurrency) * LATENCY_MS;
    const cells: number[] = [];
    let peak = 0;
    for (let i = 0; i < RUNS; i++) {
      const { result, maxInFlight } = await withServer(policy, (server) => run(folder, server, { concurrency }));
      expectAnswer(result, 'fan-out');
      if (result.answer !== String(FAN_OUT_N) || result.stats.subCalls !== FAN_OUT_N)
        throw new Error(`fan-out: expected ${FAN_OUT_N} sub-calls, got ${result.stats.subCalls} (${result.answer})`);
      const cell = result.trace.find((n) => n.kind === 'cell');
      if (!cell?.endMs) throw new Error('fan-out: no finished cell in the trace');
      cells.push(cell.endMs - cell.startMs);
      peak = Math.max(peak, maxInFlight);
    }
    const ratio = median(cells) / ideal;
    rows.push({
      measurement: `fan-out N=${FAN_OUT_N}, L=${LATENCY_MS} ms, C=${concurrency}: cell wall vs ideal ceil(N/C)×L = ${fmt(ideal)} ms (peak in flight ${peak})`,
      measured: `${fmt(median(cells))} ms = ${ratio.toFixed(3)}×`,
      goal: '≤ 1.15×',
      met: ratio <= 1.15 && peak <= concurrency,
    });
  }
}

// --- root prompt size ------------------------------------------------------------------------

async function rootPrompt(): Promise<void> {
  const sizes: number[] = [];
  for (const files of [100, 10_000]) {
    const folder = generateWorkspace(`project-${files}`, files);
    const { result, requests } = await withServer(
      () => js('FINAL("ok")'),
      (server) => run(folder, server, { question: 'Where is the retry policy configured?' }),
    );
    expectAnswer(result, 'root prompt');
    const first = requests[0];
    if (!first || !isRoot(first)) throw new Error('root prompt: the first request is not the root turn');
    const system = first.messages.filter((m) => m.role === 'system').reduce((n, m) => n + m.content.length, 0);
    const user = first.messages.filter((m) => m.role === 'user').reduce((n, m) => n + m.content.length, 0);
    const tokens = Math.ceil((system + user) / CHARS_PER_TOKEN);
    sizes.push(tokens);
    const listed = (await openWorkspace(folderWorkspace(folder)).tree.files()).length;
    rows.push({
      measurement: `root prompt, ${fmt(listed)}-file workspace (system ${fmt(system)} + user ${fmt(user)} chars)`,
      measured: `${fmt(tokens)} tokens`,
      goal: '≤ 4,000 tokens',
      met: tokens <= 4000,
    });
  }
  const growth = sizes[1] / sizes[0] - 1;
  rows.push({
    measurement: 'root prompt growth, 100 → 10,000 files',
    measured: `${growth >= 0 ? '+' : ''}${pct(growth)}`,
    goal: '≤ 10%',
    met: growth <= 0.1,
  });
}

// --- cache -----------------------------------------------------------------------------------

async function cache(): Promise<void> {
  const folder = generateWorkspace('project-cache', 60);
  const code = `const files = glob("src/**/*.ts").slice(0, ${CACHE_FILES});\nconst lines = await Promise.all(files.map((f) => llm("Summarise this file in one line.", read(f))));\nFINAL(files.map((f, i) => f + ": " + lines[i]).join("\\n"))`;
  const policy: Policy = (request) => {
    if (isRoot(request)) return js(code);
    const unit = /export function (unit\d+)/.exec(request.messages[request.messages.length - 1]?.content ?? '')?.[1] ?? 'unknown';
    return text(`${unit} scales a number.`, { delayMs: 20 });
  };
  const cacheDir = join(tmp, 'completions');
  await withServer(policy, async (server) => {
    const subNodes = (r: AskResult) => r.trace.filter((n) => n.kind === 'llm' && n.model === 'bench-sub');

    const first = await run(folder, server, { cacheDir });
    const second = await run(folder, server, { cacheDir });
    expectAnswer(first.result, 'cache, first run');
    expectAnswer(second.result, 'cache, second run');
    if (second.result.answer !== first.result.answer) throw new Error('cache: the second run answered differently');
    const subs = subNodes(second.result);
    const cachedSubs = subs.filter((n) => n.status === 'cached').length;
    const { calls, cacheHits } = second.result.stats;
    rows.push({
      measurement: `cache, same question again: sub-calls served from cache (trace), of ${subs.length}`,
      measured: `${cachedSubs}/${subs.length} = ${pct(cachedSubs / subs.length)}`,
      goal: '≥ 90%',
      met: cachedSubs / subs.length >= 0.9,
    });
    rows.push({
      measurement: `cache, same question again: stats.cacheHits/stats.calls (root turn included); requests reaching the server (first run ${first.requests.length})`,
      measured: `${cacheHits}/${calls} = ${pct(cacheHits / calls)}; ${second.requests.length} requests`,
      goal: '≥ 90%',
      met: cacheHits / calls >= 0.9,
    });

    // A changed file changes its sub-call's prompt (and the root's summary), so only those miss.
    const edited = (await openWorkspace(folderWorkspace(folder)).tree.glob(['src/**/*.ts']))[0]!;
    writeFileSync(join(folder, edited), `${sourceFile(0)}\n// edited\n`);
    const third = await run(folder, server, { cacheDir });
    expectAnswer(third.result, 'cache, after an edit');
    const after = subNodes(third.result);
    const afterCached = after.filter((n) => n.status === 'cached').length;
    rows.push({
      measurement: `cache after editing 1 of ${after.length} files: sub-calls from cache; requests reaching the server`,
      measured: `${afterCached}/${after.length} = ${pct(afterCached / after.length)}; ${third.requests.length} request${third.requests.length === 1 ? '' : 's'}`,
      goal: `${after.length - 1}/${after.length} (only the edited file misses)`,
      met: afterCached === after.length - 1,
    });
  });
}

// --- root prompt growth over a long run ---------------------------------------------------

const LONG_TURNS = 20;
const PRINT_CHARS = 30_000;
const LONG_RUN_GOAL_TOKENS = 20_000;

async function longRun(folder: string): Promise<void> {
  // Each turn keeps its data in a variable and prints all of it (the sandbox cuts it per cell);
  // the last turn answers from the variables.
  const probe = (turn: number) =>
    `const chunk${turn} = Array.from({length: ${PRINT_CHARS / 50}}, (_, i) => "turn ${turn} line " + String(i).padStart(5, "0") + " " + "x".repeat(80)).join("\\n").slice(0, ${PRINT_CHARS});\nprint(chunk${turn})`;
  const answer = `const all = [${Array.from({ length: LONG_TURNS - 1 }, (_, i) => `chunk${i + 1}`).join(', ')}];\nFINAL(all.length + " chunks, " + all.reduce((n, c) => n + c.length, 0) + " characters")`;
  const policy: Policy = (request) => {
    const turn = request.messages.filter((m) => m.role === 'assistant').length + 1;
    return js(turn < LONG_TURNS ? probe(turn) : answer);
  };
  const { result, requests } = await withServer(policy, (server) => run(folder, server, { question: 'How much data do the probes hold?' }));
  expectAnswer(result, 'long run');
  const expected = `${LONG_TURNS - 1} chunks, ${(LONG_TURNS - 1) * PRINT_CHARS} characters`;
  if (result.answer !== expected) throw new Error(`long run: the answer changed: ${result.answer}`);
  const sizes = requests.filter(isRoot).map((r) => r.messages.reduce((n, m) => n + m.content.length, 0));
  if (sizes.length !== LONG_TURNS) throw new Error(`long run: expected ${LONG_TURNS} root requests, got ${sizes.length}`);
  console.log(`Root prompt per turn, ${LONG_TURNS} turns of ${fmt(PRINT_CHARS)}-character prints (characters / estimated tokens):`);
  console.log(
    sizes
      .map(
        (chars, i) =>
          `  turn ${String(i + 1).padStart(2)}: ${fmt(chars).padStart(9)} chars ${fmt(Math.ceil(chars / CHARS_PER_TOKEN)).padStart(8)} tokens`,
      )
      .join('\n'),
  );
  const largest = Math.max(...sizes);
  const tokens = Math.ceil(largest / CHARS_PER_TOKEN);
  rows.push({
    measurement: `largest root prompt over ${LONG_TURNS} turns of ${fmt(PRINT_CHARS)}-character prints (answer "${result.answer}", unchanged)`,
    measured: `${fmt(largest)} chars = ${fmt(tokens)} tokens`,
    goal: `≤ ${fmt(LONG_RUN_GOAL_TOKENS)} tokens`,
    met: tokens <= LONG_RUN_GOAL_TOKENS,
  });
}

// --- child RLMs on quickjs ---------------------------------------------------------------------

const CHILDREN = 8;

async function children(folder: string): Promise<void> {
  const spawn = (i: string) => `rlm("Summarise module " + ${i}, {paths: glob("src/module" + ${i} + "/**")})`;
  const shapes = {
    'all at once': `const parts = await Promise.all(Array.from({length: ${CHILDREN}}, (_, i) => ${spawn('i')}))\nFINAL(parts.join(","))`,
    'one after another': `const parts = []\nfor (let i = 0; i < ${CHILDREN}; i++) parts.push(await ${spawn('i')})\nFINAL(parts.join(","))`,
  };
  // Before the spare, every sandbox booted a worker of its own: the same starter without one.
  const variants = {
    'warm spare': new SandboxEngines(),
    'no spare': new SandboxEngines({ starters: { quickjs: (options) => QuickJsSandbox.create(options) } }),
  };
  for (const [shape, code] of Object.entries(shapes)) {
    const policy: Policy = (request) => {
      const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
      return user.includes('Summarise module') ? js('FINAL(String(glob("**").length))') : js(code);
    };
    const wall: Record<string, number[]> = { 'warm spare': [], 'no spare': [] };
    await withServer(policy, async (server) => {
      for (let i = 0; i < RUNS; i++) {
        // Interleaved, so both variants see the same load.
        for (const [name, engines] of Object.entries(variants)) {
          const root = new OpenAiCompatibleModel({ baseURL: server.baseURL, model: 'bench-root' });
          const workspace = { ...folderWorkspace(folder, { symbolCacheDir: join(tmp, 'symbols') }) };
          const t0 = performance.now();
          const result = await askInWorkspace(
            { ...workspace, sandbox: { engine: 'quickjs', engines } },
            {
              question: 'Summarise every module.',
              models: { root, sub: root },
              concurrency: 8,
              limits: {},
              completionCacheDir: undefined,
              signal: new AbortController().signal,
            },
          );
          wall[name]!.push(performance.now() - t0);
          expectAnswer(result, `children ${shape}`);
          if (result.answer.split(',').length !== CHILDREN) throw new Error(`children: ${result.answer}`);
        }
      }
    });
    const [warm, cold] = [median(wall['warm spare']!), median(wall['no spare']!)];
    rows.push({
      measurement: `quickjs, ${CHILDREN} child RLMs ${shape}, model answering at once: run wall time, warm spare vs none (median of ${RUNS})`,
      measured: `${fmt(warm)} ms vs ${fmt(cold)} ms = ${(warm / cold).toFixed(2)}×`,
      goal: '< 1×',
      met: warm < cold,
    });
  }
}

// CommonJS with a main(), like the other benchmarks.
async function main(): Promise<void> {
  const t0 = performance.now();
  try {
    const small = generateWorkspace('project-small', 20);
    const sections: Record<string, () => Promise<void>> = {
      'fan-out': () => fanOut(small),
      'root-prompt': rootPrompt,
      cache,
      'long-run': () => longRun(small),
      children: () => children(generateWorkspace('project-children', 200)),
    };
    for (const [name, section] of Object.entries(sections)) if (!ONLY || ONLY === name) await section();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log('Engine benchmark: real ask(), OpenAiCompatibleModel and CallScheduler against the scripted HTTP model server on 127.0.0.1.');
  console.log(`Tokens ≈ characters / ${CHARS_PER_TOKEN}. Fan-out cells: median of ${RUNS} runs.\n`);
  console.log('| measurement | measured | goal | met |');
  console.log('|---|---|---|---|');
  for (const row of rows)
    console.log(`| ${row.measurement} | ${row.measured} | ${row.goal} | ${row.met === undefined ? '' : row.met ? 'yes' : 'NO'} |`);
  console.log(`\nTotal ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (rows.some((r) => r.met === false)) process.exitCode = 1;
}

void main();
