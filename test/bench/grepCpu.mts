// grep() from inside the sandbox against rg, in CPU time as well as wall time: on a loaded
// machine wall ratios swing, CPU ratios much less. CPU is split into the host process (with the
// QuickJS worker), the isolate process (isolated-vm) and our rg runs (reaped children, 10 ms ticks).
// `npx tsx test/bench/grepCpu.mts [isolated-vm|quickjs]`, ONLY=<row label prefix>, BENCH_RUNS=n.
import { readFileSync, readdirSync } from 'node:fs';
import { createReplApi } from '../../src/engine/repl/replApi.js';
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';
import { QuickJsSandbox } from '../../src/sandbox/quickjs/quickJsSandbox.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { corpusWithSitePackages, GREP_PATTERNS, median, rg } from './benchSupport.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const corpus = process.env.BENCH_CORPUS ?? corpusWithSitePackages();
const TICK = 10; // ms per clock tick (USER_HZ 100)
function statTicks(pid: number | 'self'): { self: number; children: number } {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { self: (+f[11]! + +f[12]!) * TICK, children: (+f[13]! + +f[14]!) * TICK };
}
function liveChildrenMs(): number {
  let ms = 0;
  for (const task of readdirSync(`/proc/${process.pid}/task`)) {
    for (const pid of readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
      try {
        ms += statTicks(+pid).self;
      } catch {
        /* gone */
      }
    }
  }
  return ms;
}
const snap = () => ({ host: process.cpuUsage(), kids: liveChildrenMs(), reaped: statTicks('self').children });
function delta(a: ReturnType<typeof snap>) {
  const b = snap();
  const h = process.cpuUsage(a.host);
  return { host: (h.user + h.system) / 1000, isolate: b.kids - a.kids, rg: b.reaped - a.reaped };
}

const engine = process.argv[2] ?? 'isolated-vm';
const tree = new WorkspaceTree({ roots: [{ path: corpus }] });
const { api, globals } = createReplApi({ tree });
const options = { functions: api.hostFunctions(), globals, cellTimeoutMs: 600_000, memoryMb: 1024 };
const sandbox: Sandbox = engine === 'quickjs' ? await QuickJsSandbox.create(options) : await IsolatedVmSandbox.create(options);
const only = process.env.ONLY;
console.log(`${engine} load=${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
for (const [label, pattern, flags] of GREP_PATTERNS) {
  if (only && !label.startsWith(only)) continue;
  const opts = `{maxResults: 0, glob: "**/*.py"${flags.includes('-i') ? ', ignoreCase: true' : ''}}`;
  const code = `grep(${JSON.stringify(pattern)}, ${opts}).length`;
  const walls: number[] = [];
  const cpus: Array<ReturnType<typeof delta>> = [];
  let value = '';
  for (let i = 0; i <= RUNS; i++) {
    const s = snap();
    const t0 = performance.now();
    const r = await sandbox.run(code);
    const wall = performance.now() - t0;
    const d = delta(s);
    if (r.error) throw new Error(r.error);
    value = r.value ?? '';
    if (i > 0) {
      walls.push(wall);
      cpus.push(d);
    }
  }
  const rgArgs = [...flags, '--line-number', '--column', '--no-heading', '--glob', '*.py', '--', pattern, '.'];
  const rgWalls: number[] = [];
  const rgCpu: number[] = [];
  await rg(corpus, rgArgs);
  for (let i = 0; i < RUNS; i++) {
    const s = snap();
    const t0 = performance.now();
    await rg(corpus, rgArgs);
    rgWalls.push(performance.now() - t0);
    rgCpu.push(delta(s).rg);
  }
  const m = (k: 'host' | 'isolate' | 'rg') => median(cpus.map((c) => c[k]));
  const ourCpu = median(cpus.map((c) => c.host + c.isolate + c.rg));
  console.log(
    `| ${label} | ${value} | wall ${median(walls).toFixed(0)} / ${median(rgWalls).toFixed(0)} = ${(median(walls) / median(rgWalls)).toFixed(2)}x | cpu ${ourCpu.toFixed(0)} (host ${m('host').toFixed(0)}, isolate ${m('isolate')}, rg ${m('rg')}) / ${median(rgCpu)} = ${(ourCpu / median(rgCpu)).toFixed(2)}x |`,
  );
}
sandbox.dispose();
console.log(`load=${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
process.exit(0);
