// Symbols benchmark: symbols() of every file in Python's standard library, cold (empty cache,
// fresh workers), warm (a new index over the same cache folder, as a second run would be) and
// warm as a whole new `rlm exec` process (a copy of the stdlib without site-packages, so the
// process lists only what ctags reads), against universal-ctags on the same files, in the same
// run. Peak memory is printed.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SymbolIndex } from '../../src/symbols/symbolIndex.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const stdlib =
  process.env.BENCH_CORPUS ?? execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])']).toString().trim();
const EXCLUDE = ['site-packages'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);

function ctags(): number {
  const out = join(mkdtempSync(join(tmpdir(), 'ctags-')), 'tags');
  const t0 = performance.now();
  execFileSync('ctags', ['-R', '--languages=Python', ...EXCLUDE.map((e) => `--exclude=${e}`), '-f', out, '.'], { cwd: stdlib });
  const ms = performance.now() - t0;
  rmSync(out, { force: true });
  return ms;
}

async function allSymbols(index: SymbolIndex, files: readonly string[]): Promise<number> {
  const counts = await Promise.all(
    files.map(
      async (f) =>
        (
          await index
            .symbols(f)
            .then((r) => r.symbols.value())
            .catch(() => [])
        ).length,
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}

// CommonJS with a main(), like the bundles users run (tsx runs .mts files as ESM, a slower path here).
async function main(): Promise<void> {
  const tree = new WorkspaceTree({ roots: [{ path: stdlib }], exclude: EXCLUDE });
  const files = await tree.glob(['**/*.py']);
  const bytes = (await tree.sizes(files)).reduce((a, b) => a + b, 0);
  console.log(`Corpus: ${stdlib} without ${EXCLUDE.join(', ')}: ${files.length} .py files, ${(bytes / 1e6).toFixed(1)} MB`);

  ctags(); // warm the page cache for both sides
  const ctagsMs = median(Array.from({ length: RUNS }, ctags));

  const cold: number[] = [];
  const warm: number[] = [];
  let symbolCount = 0;
  // Each pass in its own function, so the previous index can be collected before the next is timed.
  const pass = async (cacheDir: string): Promise<number> => {
    const index = new SymbolIndex({ tree: new WorkspaceTree({ roots: [{ path: stdlib }], exclude: EXCLUDE }), cacheDir });
    const t0 = performance.now();
    symbolCount = await allSymbols(index, files);
    const ms = performance.now() - t0;
    await index.close();
    return ms;
  };
  for (let run = 0; run < RUNS; run++) {
    const cacheDir = mkdtempSync(join(tmpdir(), 'rlm-bench-symbols-'));
    cold.push(await pass(cacheDir));
    (globalThis as { gc?: () => void }).gc?.();
    warm.push(await pass(cacheDir)); // a second run over the same cache folder
    rmSync(cacheDir, { recursive: true, force: true });
  }
  clearInterval(sampler);
  const newProcess = warmProcess();

  console.log(`\n| measurement | ours | ctags -R | ratio | goal |`);
  console.log('|---|---|---|---|---|');
  console.log(
    `| symbols(), cold | ${median(cold).toFixed(0)} ms | ${ctagsMs.toFixed(0)} ms | ${(median(cold) / ctagsMs).toFixed(2)}× | ≤ 6× |`,
  );
  console.log(
    `| symbols(), warm, new index in this process | ${median(warm).toFixed(0)} ms | ${ctagsMs.toFixed(0)} ms | ${(median(warm) / ctagsMs).toFixed(2)}× | |`,
  );
  console.log(
    `| symbols(), warm, a whole new \`rlm exec\` process | ${newProcess.ms.toFixed(0)} ms | ${newProcess.ctagsMs.toFixed(0)} ms | ${(newProcess.ms / newProcess.ctagsMs).toFixed(2)}× | ≤ 0.5× |`,
  );
  if (newProcess.withoutCa !== undefined)
    console.log(
      `| the same without NODE_EXTRA_CA_CERTS, which this machine sets | ${newProcess.withoutCa.toFixed(0)} ms | ${newProcess.ctagsMs.toFixed(0)} ms | ${(newProcess.withoutCa / newProcess.ctagsMs).toFixed(2)}× | |`,
    );
  const floor = (label: string, ms: number) =>
    console.log(
      `| floor: ${label} | ${ms.toFixed(0)} ms | ${newProcess.ctagsMs.toFixed(0)} ms | ${(ms / newProcess.ctagsMs).toFixed(2)}× | |`,
    );
  floor("`node -e ''`", newProcess.floor.node);
  if (process.env.NODE_EXTRA_CA_CERTS)
    floor("`node -e ''` without NODE_EXTRA_CA_CERTS (Node 20 parses it at start-up)", newProcess.floor.nodeWithoutCa);
  floor('`rlm --help`', newProcess.floor.help);
  floor("`rlm exec --code 'print(1)'` (Node, the CLI, the sandbox's start)", newProcess.floor.print);
  console.log(
    `\n${symbolCount} symbols; medians of ${RUNS} runs; peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB (main thread and parse workers)`,
  );
}

/**
 * A new `rlm exec` listing symbols of every file, over a warm cache, against ctags on the same copy,
 * with the floor under it measured in the same minutes: Node alone, the CLI, and a cell that does nothing.
 */
function warmProcess(): {
  ms: number;
  withoutCa?: number;
  ctagsMs: number;
  floor: { node: number; nodeWithoutCa: number; help: number; print: number };
} {
  const copy = mkdtempSync(join(tmpdir(), 'rlm-bench-stdlib-'));
  const cacheDir = mkdtempSync(join(tmpdir(), 'rlm-bench-symbols-process-'));
  try {
    cpSync(stdlib, copy, { recursive: true, filter: (source) => !source.includes('/site-packages') && !source.includes('/__pycache__') });
    const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
    const code = 'let n = 0; for (const f of glob("**/*.py", {limit: 0})) n += symbols(f).length; print(n)';
    const env = { ...process.env, RLM_CACHE_DIR: cacheDir };
    const timed = (args: string[], inEnv: NodeJS.ProcessEnv = env) =>
      median(
        Array.from({ length: RUNS }, () => {
          const t0 = performance.now();
          execFileSync(process.execPath, args, { env: inEnv, stdio: 'ignore' });
          return performance.now() - t0;
        }),
      );
    const symbolsArgs = [cli, 'exec', '--workspace', copy, '--timeout', '600000', '--code', code];
    execFileSync(process.execPath, symbolsArgs, { env, stdio: 'ignore' }); // cold: fills the cache folder
    const ms = timed(symbolsArgs);
    const withoutCa = process.env.NODE_EXTRA_CA_CERTS ? timed(symbolsArgs, { ...env, NODE_EXTRA_CA_CERTS: '' }) : undefined;
    const floor = {
      node: timed(['-e', '']),
      nodeWithoutCa: timed(['-e', ''], { ...env, NODE_EXTRA_CA_CERTS: '' }),
      help: timed([cli, '--help']),
      print: timed([cli, 'exec', '--workspace', copy, '--code', 'print(1)']),
    };
    const ctagsMs = median(
      Array.from({ length: RUNS }, () => {
        const out = join(cacheDir, 'tags');
        const t0 = performance.now();
        execFileSync('ctags', ['-R', '--languages=Python', '-f', out, '.'], { cwd: copy });
        return performance.now() - t0;
      }),
    );
    return { ms, withoutCa, ctagsMs, floor };
  } finally {
    rmSync(copy, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

void main();
