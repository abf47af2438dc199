// grep() from inside the sandbox against rg, in CPU time as well as wall time: on a loaded
// machine wall ratios swing, CPU ratios much less. CPU is split into the host process (with the
// QuickJS worker), the isolate process (isolated-vm) and our rg runs (reaped children, 10 ms ticks);
// the peer's as rg alone, and with the CPU of this process reading its output.
// `npx tsx test/bench/grepCpu.mts [isolated-vm|quickjs]`, ONLY=<row label prefix>, BENCH_RUNS=n.
// After the many-results row, its floors: rg's own output (-n, and --heading as grep() reads it)
// moved into the sandbox as one string, no line parsed and no row built.
import { readFileSync, readdirSync } from 'node:fs';
import { createReplApi } from '../../src/engine/repl/replApi.js';
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';
import { QuickJsSandbox } from '../../src/sandbox/quickjs/quickJsSandbox.js';
import type { HostFunction, JsonValue, Sandbox } from '../../src/sandbox/sandbox.js';
import { PLAIN_OUTPUT_ARGS } from '../../src/workspace/rgPlain.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { corpusWithSitePackages, GREP_PATTERNS, median, rg, rgOutput } from './benchSupport.js';

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
// The floor's host call: rg run with the arguments given, its output returned as one string.
const rgText: HostFunction = { name: 'rgText', async: true, call: (args: JsonValue[]) => rgOutput(corpus, args[0] as string[]) };
const options = { functions: [...api.hostFunctions(), rgText], globals, cellTimeoutMs: 600_000, memoryMb: 1024 };
const sandbox: Sandbox = engine === 'quickjs' ? await QuickJsSandbox.create(options) : await IsolatedVmSandbox.create(options);
const only = process.env.ONLY;
console.log(`${engine} load=${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
const rgArgsOf = (pattern: string, flags: readonly string[]) => [
  ...flags,
  '--line-number',
  '--column',
  '--no-heading',
  '--glob',
  '*.py',
  '--',
  pattern,
  '.',
];
/** Label, cell, and the pattern and flags of the rg it is compared with. */
const rows: Array<[string, string, string, readonly string[]]> = [];
for (const [label, pattern, flags] of GREP_PATTERNS) {
  rows.push([
    label,
    `grep(${JSON.stringify(pattern)}, {maxResults: 0, glob: "**/*.py"${flags.includes('-i') ? ', ignoreCase: true' : ''}}).length`,
    pattern,
    flags,
  ]);
  if (label !== 'many results') continue;
  rows.push([`floor: rg -n's output as one string`, `(await rgText(${JSON.stringify(rgArgsOf(pattern, flags))})).length`, pattern, flags]);
  // rg's output in the form grep() reads (one path per file): what is left when no line is parsed.
  const headingArgs = [...PLAIN_OUTPUT_ARGS, '--glob', '*.py', '--', pattern, '.'];
  rows.push([`floor: rg --heading output as one string`, `(await rgText(${JSON.stringify(headingArgs)})).length`, pattern, flags]);
}
for (const [label, code, pattern, flags] of rows) {
  if (only && !label.startsWith(only)) continue;
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
  const rgArgs = rgArgsOf(pattern, flags);
  const rgWalls: number[] = [];
  const rgCpu: number[] = [];
  /** rg's and its reader's: the peer's output must be read too (workspace.mts's wall peer includes it). */
  const rgReadCpu: number[] = [];
  await rg(corpus, rgArgs);
  for (let i = 0; i < RUNS; i++) {
    const s = snap();
    const t0 = performance.now();
    await rg(corpus, rgArgs);
    rgWalls.push(performance.now() - t0);
    const d = delta(s);
    rgCpu.push(d.rg);
    rgReadCpu.push(d.rg + d.host);
  }
  const m = (k: 'host' | 'isolate' | 'rg') => median(cpus.map((c) => c[k]));
  const ourCpu = median(cpus.map((c) => c.host + c.isolate + c.rg));
  console.log(
    `| ${label} | ${value} | wall ${median(walls).toFixed(0)} / ${median(rgWalls).toFixed(0)} = ${(median(walls) / median(rgWalls)).toFixed(2)}x | cpu ${ourCpu.toFixed(0)} (host ${m('host').toFixed(0)}, isolate ${m('isolate')}, rg ${m('rg')}) / ${median(rgCpu)} = ${(ourCpu / median(rgCpu)).toFixed(2)}x | with its reader ${median(rgReadCpu).toFixed(0)} = ${(ourCpu / median(rgReadCpu)).toFixed(2)}x |`,
  );
}
sandbox.dispose();
console.log(`load=${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
process.exit(0);
