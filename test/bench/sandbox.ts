// Sandbox micro-benchmarks on both engines, side by side: start, start with the spare ready (a
// run's QuickJsSpare; isolated-vm's forked process is its own, process-wide), host-call throughput (blocking
// and async), a cell that filters 100k grep-like results copied in from the host, and plain
// guest computation. Medians, measured in the same run. `npm run bench:sandbox`.
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';
import { QuickJsSandbox, QuickJsSpare } from '../../src/sandbox/quickjs/quickJsSandbox.js';
import type { HostFunction, JsonValue, Sandbox, SandboxOptions } from '../../src/sandbox/sandbox.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CALLS = 20_000;
const RESULTS = 100_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** 100k matches shaped like grep()'s, about 9 MB of JSON. */
const matches: JsonValue = Array.from({ length: RESULTS }, (_, i) => ({
  path: `pkg/module_${i % 997}.py`,
  line: (i % 4000) + 1,
  text: i % 10 === 0 ? `    raise ValueError("bad value ${i}")` : `    value_${i} = compute(value_${i - 1})`,
}));

const functions: HostFunction[] = [
  { name: 'echo', async: false, call: (args) => args[0] ?? null },
  { name: 'echoAsync', async: true, call: async (args) => args[0] ?? null },
  { name: 'grep', async: false, call: () => matches },
];

const quickJsSpare = new QuickJsSpare();
const engines: Array<{ name: string; create: (o: SandboxOptions) => Promise<Sandbox>; warm: (o: SandboxOptions) => Promise<Sandbox> }> = [
  { name: 'isolated-vm', create: (o) => IsolatedVmSandbox.create(o), warm: (o) => IsolatedVmSandbox.create(o) },
  { name: 'quickjs', create: (o) => QuickJsSandbox.create(o), warm: (o) => QuickJsSandbox.create(o, quickJsSpare) },
];

async function timeCell(sandbox: Sandbox, code: string): Promise<{ ms: number; value?: string }> {
  let value: string | undefined;
  const samples: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    const r = await sandbox.run(code);
    if (r.error) throw new Error(`${code}: ${r.error}`);
    if (i > 0) samples.push(performance.now() - t0); // the first run warms up
    value = r.value;
  }
  return { ms: median(samples), value };
}

async function measure(engine: (typeof engines)[number]): Promise<Map<string, { ms: number; note: string }>> {
  const out = new Map<string, { ms: number; note: string }>();
  const options: SandboxOptions = { functions, cellTimeoutMs: 600_000, memoryMb: 512 };
  const firstStart = performance.now();
  (await engine.create(options)).dispose();
  out.set('first start in the process', { ms: performance.now() - firstStart, note: 'loads the module (quickjs: compiles the wasm)' });
  const starts: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const sandbox = await engine.create(options);
    starts.push(performance.now() - t0);
    sandbox.dispose();
  }
  out.set('start (median of 10)', { ms: median(starts), note: 'isolate / worker + runtime + REPL globals' });
  const warmStarts: number[] = [];
  (await engine.warm(options)).dispose();
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the spare has booted
    const t0 = performance.now();
    const sandbox = await engine.warm(options);
    warmStarts.push(performance.now() - t0);
    sandbox.dispose();
  }
  out.set('start, spare ready (median of 10)', {
    ms: median(warmStarts),
    note: 'isolate in the spare process; quickjs: configure the spare worker',
  });

  const sandbox = await engine.create(options);
  const sync = await timeCell(sandbox, `for (let i = 0; i < ${CALLS}; i++) echo(i)`);
  out.set(`${CALLS.toLocaleString('en-US')} blocking host calls`, {
    ms: sync.ms,
    note: `${Math.round((CALLS / sync.ms) * 1000).toLocaleString('en-US')} calls/s`,
  });
  const parallel = await timeCell(sandbox, `(await Promise.all(Array.from({length: ${CALLS}}, (_, i) => echoAsync(i)))).length`);
  out.set(`${CALLS.toLocaleString('en-US')} async host calls, all in flight`, {
    ms: parallel.ms,
    note: `${Math.round((CALLS / parallel.ms) * 1000).toLocaleString('en-US')} calls/s`,
  });
  const filter = await timeCell(sandbox, 'grep().filter((m) => /raise \\w+Error/.test(m.text)).map((m) => m.path + ":" + m.line).length');
  out.set(`filter ${RESULTS.toLocaleString('en-US')} grep results`, { ms: filter.ms, note: `${filter.value} kept` });
  const compute = await timeCell(sandbox, 'let h = 0; for (let i = 0; i < 3e6; i++) h = (h * 31 + i) | 0; h');
  out.set('3M-iteration arithmetic loop', { ms: compute.ms, note: `guest code only (result ${compute.value})` });
  sandbox.dispose();
  return out;
}

async function main(): Promise<void> {
  const results = [];
  for (const engine of engines) results.push(await measure(engine));
  quickJsSpare.dispose();
  const [v8, quickjs] = results as [Map<string, { ms: number; note: string }>, Map<string, { ms: number; note: string }>];
  console.log(`Runs per cell: ${RUNS} (median, after one warm-up)\n`);
  console.log('| measurement | isolated-vm | quickjs | quickjs ÷ isolated-vm | notes (isolated-vm; quickjs) |');
  console.log('|---|---|---|---|---|');
  for (const [label, a] of v8) {
    const b = quickjs.get(label)!;
    const notes = a.note === b.note ? a.note : `${a.note}; ${b.note}`;
    console.log(`| ${label} | ${a.ms.toFixed(1)} ms | ${b.ms.toFixed(1)} ms | ${(b.ms / a.ms).toFixed(1)}× | ${notes} |`);
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
