// Foundation benchmark: listing and grep from inside the sandbox against ripgrep itself on a
// large real tree nobody here wrote (Python's library). Medians of several runs, measured in the
// same process run. `npm run bench:workspace`; sandbox start and host calls: `bench:sandbox`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReplApi } from '../../src/engine/repl/replApi.js';
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';
import type { HostFunction } from '../../src/sandbox/sandbox.js';
import { PLAIN_OUTPUT_ARGS } from '../../src/workspace/rgPlain.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { corpusWithSitePackages, GREP_PATTERNS, listingFloorMs, median, rgOutput } from './benchSupport.js';
import { timeMedian } from './timing.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const corpus = process.env.BENCH_CORPUS ?? corpusWithSitePackages();
const rgPath = createRequire(import.meta.url).resolve(`@vscode/ripgrep-${process.platform}-${process.arch}/bin/rg`);
// The flags our listing and grep use, so both sides see the same files.
const RG_FILTER = ['--no-config', '--hidden', '--no-require-git', '--glob', '!.git'];

const time = (fn: () => Promise<unknown>): Promise<number> => timeMedian(fn, RUNS);

function rg(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(rgPath, [...RG_FILTER, ...args], { cwd: corpus, stdio: ['ignore', 'pipe', 'inherit'] });
    let lines = 0;
    child.stdout.on('data', (d: Buffer) => {
      for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) lines++;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 || code === 1 ? resolve(lines) : reject(new Error(`rg exited ${code}`))));
  });
}

/**
 * Runs `code` in the sandbox over the corpus and returns the median time of the cell.
 * `freshTree`: a new tree per sample, so the listing is measured too (no cache reused);
 * otherwise one session, as in a real run where the listing is made once up front.
 * `listingCacheDir`: where each tree keeps the credential scan's clean verdicts, as the CLI and
 * the extension do.
 */
async function inSandbox(
  code: string,
  freshTree: boolean,
  listingCacheDir = (): string | undefined => undefined,
  extra: HostFunction[] = [],
): Promise<{ ms: number; value: string }> {
  const open = async () => {
    const tree = new WorkspaceTree({ roots: [{ path: corpus }], listingCacheDir: listingCacheDir() });
    const { api, globals } = createReplApi({ tree });
    const functions = [...api.hostFunctions(), ...extra];
    return IsolatedVmSandbox.create({ functions, globals, cellTimeoutMs: 600_000, memoryMb: 1024 });
  };
  let value = '';
  const samples: number[] = [];
  let sandbox = await open();
  for (let i = 0; i <= RUNS; i++) {
    if (freshTree && i > 0) {
      sandbox.dispose();
      sandbox = await open();
      // This start forked the next spare isolate process; it boots (~0.3 s of CPU) before the cell,
      // as in a run, where the first sandbox forks none and a cell's end forks one while the model thinks.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    }
    const t0 = performance.now();
    const r = await sandbox.run(code);
    if (i > 0) samples.push(performance.now() - t0); // run 0 warms up (and lists, for grep)
    if (r.error) throw new Error(`${code}: ${r.error}`);
    value = r.value ?? '';
  }
  sandbox.dispose();
  return { ms: median(samples), value };
}

const rows: string[][] = [];
const report = (name: string, ours: number, peer: number, note: string) => {
  rows.push([name, `${ours.toFixed(0)} ms`, `${peer.toFixed(0)} ms`, `${(ours / peer).toFixed(2)}×`, note]);
  console.error(`  ${name}: ${(ours / peer).toFixed(2)}×`);
};

console.log(`Corpus: ${corpus}`);
console.log(`Runs per measurement: ${RUNS} (median, after one warm-up)\n`);

// Listing: every visible file, from inside the sandbox, against `rg --files`: a first run, which
// reads every candidate of the credential scan, and a later one, which keeps the verdicts of the
// unchanged files.
const rgFiles = await rg(['--files']);
const cacheRoot = mkdtempSync(join(tmpdir(), 'rlm-bench-listing-'));
const kept = join(cacheRoot, 'kept'); // the warm-up sample fills it, as a first run would
const listings: [string, () => string][] = [
  ['listing, first run (glob("**/*") vs rg --files)', () => mkdtempSync(join(cacheRoot, 'empty-'))],
  ['listing, later runs (clean verdicts kept)', () => kept],
];
for (const [label, dir] of listings) {
  const listing = await inSandbox('glob("**/*", {limit: 0}).length', true, dir);
  report(label, listing.ms, await time(() => rg(['--files'])), `${listing.value} vs ${rgFiles} files`);
}
rmSync(cacheRoot, { recursive: true, force: true });
// The floor under the first run: rg --files with our rules, then the heads of the candidates it listed.
let candidates = 0;
const floor = await time(async () => (candidates = (await listingFloorMs(corpus)).candidates));
report("floor: rg --files (our rules), then the candidates' heads", floor, await time(() => rg(['--files'])), `${candidates} candidates`);

for (const [label, pattern, flags] of GREP_PATTERNS) {
  const opts = `{maxResults: 0, glob: "**/*.py"${flags.includes('-i') ? ', ignoreCase: true' : ''}}`;
  const ours = await inSandbox(`grep(${JSON.stringify(pattern)}, ${opts}).length`, false);
  const rgArgs = [...flags, '--line-number', '--column', '--no-heading', '--glob', '*.py', '--', pattern, '.'];
  const peerLines = await rg(rgArgs);
  report(`grep ${label}`, ours.ms, await time(() => rg(rgArgs)), `${ours.value} vs ${peerLines} lines`);
  if (label !== 'many results') continue;
  // The floor of this design for that row: rg's output in the form grep() reads (--heading: one
  // path per file, 9 MB, where -n's repeats it on every line, 16.5 MB), moved into the sandbox as
  // one string (a host call, the copy to the isolate process and into the isolate), no row built.
  const headingArgs = [...PLAIN_OUTPUT_ARGS, '--glob', '*.py', '--', pattern, '.'];
  const rgText: HostFunction = { name: 'rgText', async: true, call: () => rgOutput(corpus, headingArgs) };
  const floorRun = await inSandbox('(await rgText()).length', false, undefined, [rgText]);
  report(
    `floor: rg's output as grep() reads it (--heading), moved into the sandbox as one string`,
    floorRun.ms,
    await time(() => rg(rgArgs)),
    `${floorRun.value} chars`,
  );
}

console.log('\n| measurement | ours | ripgrep | ratio | items |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(`Goal: listing and grep ratios ≤ 1.5×`);
