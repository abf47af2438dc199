// The first request leaves at once: the time from starting `rlm ask` (the built CLI, a new
// process) until the scripted model server on 127.0.0.1 receives the root model's first
// request, against `rg --files` over the same tree in the same run. Also how long `rlm` takes to
// start and exit without touching the workspace (`rlm --help`), the floor under both. Two rows:
// a workspace's first run (an empty cache folder) and a later run (the listing's clean verdicts
// kept by an earlier run in the same cache folder).
// `npm run bench:first`; BENCH_CORPUS (default: Python's library with site-packages), BENCH_RUNS.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startScriptedModelServer, text } from '../support/scriptedModelServer.js';
import { corpusWithSitePackages, listingFloorMs, median, rgFiles, timeProcess } from './benchSupport.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const corpus = process.env.BENCH_CORPUS ?? corpusWithSitePackages();
const cli = join(__dirname, '..', '..', 'dist', 'cli.js');

/** Milliseconds from spawning `rlm ask` to its first model request; a new cache folder unless one is given. */
export async function firstRequestMs(workspace: string, keptCacheDir?: string): Promise<number> {
  let started = 0;
  let received = 0;
  const server = await startScriptedModelServer(() => {
    received ||= performance.now();
    return text('FINAL("done")');
  });
  const cacheDir = keptCacheDir ?? mkdtempSync(join(tmpdir(), 'rlm-bench-first-'));
  try {
    started = performance.now();
    const child = spawn(
      process.execPath,
      [cli, 'ask', '--workspace', workspace, '--base-url', server.baseURL, '--model', 'bench', '--no-cache', 'What is here?'],
      {
        stdio: ['ignore', 'ignore', 'ignore'],
        env: { ...process.env, RLM_CACHE_DIR: cacheDir },
      },
    );
    await new Promise((resolve) => child.on('close', resolve));
    if (!received) throw new Error('rlm ask never reached the model server');
    return received - started;
  } finally {
    await server.close();
    if (!keptCacheDir) rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`Corpus: ${corpus}; medians of ${RUNS} runs\n`);
  await rgFiles(corpus); // page cache
  const rg: number[] = [];
  const first: number[] = [];
  const later: number[] = [];
  const start: number[] = [];
  const floor: number[] = [];
  const kept = mkdtempSync(join(tmpdir(), 'rlm-bench-later-'));
  await firstRequestMs(corpus, kept); // the earlier run whose verdicts the later ones find
  for (let i = 0; i < RUNS; i++) {
    rg.push(await timeProcess(() => rgFiles(corpus)));
    first.push(await firstRequestMs(corpus));
    later.push(await firstRequestMs(corpus, kept));
    start.push(
      await timeProcess(() => new Promise((resolve) => spawn(process.execPath, [cli, '--help'], { stdio: 'ignore' }).on('close', resolve))),
    );
    floor.push((await listingFloorMs(corpus)).ms);
  }
  rmSync(kept, { recursive: true, force: true });
  const peer = median(rg);
  const row = (label: string, samples: number[]) => {
    const ours = median(samples);
    console.log(`| ${label} | ${ours.toFixed(0)} ms | ${peer.toFixed(0)} ms | +${(ours - peer).toFixed(0)} ms | ≤ +400 ms |`);
  };
  console.log('| measurement | ours | rg --files | difference | goal |');
  console.log('|---|---|---|---|---|');
  row("first model request after `rlm ask` starts, the workspace's first run", first);
  row('the same, a later run (clean verdicts kept)', later);
  console.log(`| \`rlm --help\` (process start and exit, no workspace) | ${median(start).toFixed(0)} ms | | | |`);
  // The least a first run can cost: a process starts, then lists as the listing's floor does (bench:workspace).
  const least = median(start) + median(floor);
  console.log(
    `| floor of a first run: the start above + rg --files (our rules) + the candidates' heads | ${least.toFixed(0)} ms | ${peer.toFixed(0)} ms | +${(least - peer).toFixed(0)} ms | |`,
  );
}

if (require.main === module) void main();
