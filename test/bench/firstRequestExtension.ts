// The first request in the extension: from RunService.run(question) (what every surface calls)
// until the root model receives its first request, the first question of the session (cold
// listing) and the next ones (the listing kept warm by the TreeCache that the file watcher
// keeps current), against `rg --files` over the same tree in the same run. Goal: ≤ 300 ms warm.
// `npm run bench:first:extension`; BENCH_CORPUS (default: Python's library with site-packages), BENCH_RUNS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { RunHistory } from '../../src/vscode/runs/runHistory.js';
import { RunService } from '../../src/vscode/runs/runService.js';
import { readSettings } from '../../src/vscode/settings.js';
import { TreeCache } from '../../src/workspace/treeCache.js';
import { js, ScriptedModel } from '../support/scriptedModel.js';
import { InMemoryMemento, QuietLogger } from '../vscode/fakes.js';
import { corpusWithSitePackages, median, rgFiles, timeProcess } from './benchSupport.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const corpus = process.env.BENCH_CORPUS ?? corpusWithSitePackages();

/** Milliseconds from run() to the root model's first request, for each of `questions` runs over one service. */
async function firstRequests(service: RunService, questions: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < questions; i++) {
    let first = 0;
    const root = new ScriptedModel('bench', () => {
      first ||= performance.now();
      return js('FINAL("done")');
    });
    const started = performance.now();
    await service.run({
      question: 'What is here?',
      roots: [{ path: corpus, name: basename(corpus) }],
      settings: { ...readSettings({ get: () => undefined }), cache: false },
      models: { root, sub: root, price: () => undefined },
    });
    times.push(first - started);
  }
  return times;
}

async function main(): Promise<void> {
  const storageDir = mkdtempSync(join(tmpdir(), 'rlm-bench-ext-'));
  try {
    console.log(`Corpus: ${corpus}; ${RUNS} questions per service\n`);
    await rgFiles(corpus); // page cache
    const rg: number[] = [];
    for (let i = 0; i < RUNS; i++) rg.push(await timeProcess(() => rgFiles(corpus)));
    const options = () => ({ storageDir, history: new RunHistory(new InMemoryMemento()), log: new QuietLogger() });
    const perRun = await firstRequests(new RunService(options()), RUNS);
    const trees = new TreeCache();
    const kept = await firstRequests(new RunService({ ...options(), trees }), RUNS + 1);
    trees.dispose();
    const row = (what: string, ms: number, goal = '') => `| ${what} | ${ms.toFixed(0)} ms | ${median(rg).toFixed(0)} ms | ${goal} |`;
    console.log('| question → first request (RunService) | ours | rg --files | goal |');
    console.log('|---|---|---|---|');
    console.log(row('a new tree every run (before)', median(perRun)));
    console.log(row('first question of the session (TreeCache, cold)', kept[0]!));
    console.log(row('later questions (listing kept warm)', median(kept.slice(1)), '≤ 300 ms'));
  } finally {
    rmSync(storageDir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
