// The floor under symbols() cold, against universal-ctags on the same files in the same run:
// web-tree-sitter parsing the stdlib's .py files with no query on this thread; with our
// definitions query, then with extraction too, on this thread; the bare parse split over the parse workers
// (measured, not divided: on a loaded machine two workers are not twice as fast); and the
// ParsePool itself (parse, query, extraction, messages) over the same texts in memory; CPU time
// beside wall time (on a loaded machine the wall time is mostly the others' load).
// symbols() adds reading, redaction, hashing and the cache on top of the last row.
// `npm run bench:symbols:floor`; BENCH_CORPUS overrides the stdlib.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { extractFile, loadGrammar } from '../../src/symbols/extract.js';
import { GRAMMARS, grammarWasmPath } from '../../src/symbols/grammars.js';
import { ParsePool } from '../../src/symbols/workerPool.js';
import { ripgrepPath } from '../../src/workspace/ripgrep.js';
import { stdlibPath } from './benchSupport.js';

const corpus = process.env.BENCH_CORPUS ?? stdlibPath();

interface Timing {
  ms: number;
  /** CPU time of the whole process (every thread), or of ctags. */
  cpuMs: number;
}

/** ctags' wall and CPU time (it runs on one thread), CPU read from GNU time. */
function ctags(): Timing {
  const out = join(mkdtempSync(join(tmpdir(), 'ctags-floor-')), 'tags');
  const t0 = performance.now();
  const { stderr } = spawnSync(
    '/usr/bin/time',
    ['-f', '%U %S', 'ctags', '-R', '--languages=Python', '--exclude=site-packages', '-f', out, '.'],
    {
      cwd: corpus,
      encoding: 'utf8',
    },
  );
  const ms = performance.now() - t0;
  rmSync(out, { force: true });
  const [user = NaN, system = NaN] = stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { ms, cpuMs: (user + system) * 1000 };
}

async function timed(run: () => unknown): Promise<Timing> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const ms = performance.now() - t0;
  const { user, system } = process.cpuUsage(cpu);
  return { ms, cpuMs: (user + system) / 1000 };
}

/** A bare parser per worker: loads the grammar, says so, parses the texts it is sent, replies with nothing. */
const PARSE_ONLY = `
const { parentPort, workerData } = require('node:worker_threads');
const { Language, Parser } = require(workerData.module);
Parser.init().then(() => Language.load(workerData.wasm)).then((language) => {
  const parser = new Parser();
  parser.setLanguage(language);
  parentPort.on('message', (texts) => {
    for (const text of texts) parser.parse(text)?.delete();
    parentPort.postMessage('done');
  });
  parentPort.postMessage('ready');
});`;

/** Shares of about equal size, largest texts first. */
function split(texts: string[], parts: number): string[][] {
  const shares = Array.from({ length: parts }, () => ({ texts: [] as string[], chars: 0 }));
  for (const text of [...texts].sort((a, b) => b.length - a.length)) {
    const smallest = shares.reduce((a, b) => (b.chars < a.chars ? b : a));
    smallest.texts.push(text);
    smallest.chars += text.length;
  }
  return shares.map((s) => s.texts);
}

/** Parse only, on `count` workers that have loaded the grammar already: the wall time of the slowest. */
async function parseOnWorkers(texts: string[], count: number): Promise<Timing> {
  const workerData = { module: require.resolve('web-tree-sitter'), wasm: grammarWasmPath(GRAMMARS.python!) };
  const workers = Array.from({ length: count }, () => new Worker(PARSE_ONLY, { eval: true, workerData, execArgv: [] }));
  const next = (worker: Worker) => new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
  await Promise.all(workers.map(next));
  const shares = split(texts, count);
  const timing = await timed(() => Promise.all(workers.map((worker, i) => (worker.postMessage(shares[i]), next(worker)))));
  await Promise.all(workers.map((worker) => worker.terminate()));
  return timing;
}

/** The ParsePool over texts in memory, definitions only as symbols() asks, workers started and ready. */
async function poolTiming(texts: string[]): Promise<Timing> {
  const pool = new ParsePool();
  pool.prepare(['python']);
  await Promise.all(Array.from({ length: 8 }, () => pool.parse('python', 'def warm():\n    pass\n', { references: false })));
  const timing = await timed(() => Promise.all(texts.map((text) => pool.parse('python', text, { references: false }))));
  pool.close();
  return timing;
}

async function main(): Promise<void> {
  const files = execFileSync(ripgrepPath(), ['--files', '--no-config', '-g', '*.py', '-g', '!site-packages', '.'], {
    cwd: corpus,
    maxBuffer: 1e9,
  })
    .toString()
    .split('\n')
    .filter(Boolean);
  const texts = files.map((f) => readFileSync(join(corpus, f), 'utf8'));
  ctags(); // page cache
  const peerBefore = ctags();
  const load = await timed(() => loadGrammar('python'));
  const grammar = (await loadGrammar('python'))!;
  const parse = await timed(() => texts.forEach((text) => grammar.parser.parse(text)?.delete()));
  const query = await timed(() =>
    texts.forEach((text) => {
      const tree = grammar.parser.parse(text)!;
      grammar.definitions.matches(tree.rootNode);
      tree.delete();
    }),
  );
  const extract = await timed(() => texts.forEach((text) => extractFile(grammar, text, 60_000, false)));
  const workers = Math.min(4, availableParallelism());
  const parseSplit = await parseOnWorkers(texts, workers);
  const pool = await poolTiming(texts);
  const peerAfter = ctags();
  const peer = { ms: (peerBefore.ms + peerAfter.ms) / 2, cpuMs: (peerBefore.cpuMs + peerAfter.cpuMs) / 2 };
  const mb = texts.reduce((n, t) => n + t.length, 0) / 1e6;
  const loadavg = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  console.log(`Corpus: ${corpus} without site-packages: ${files.length} .py files, ${mb.toFixed(1)} M chars; load ${loadavg}`);
  console.log('\n| measurement | ms | ÷ ctags | CPU ms | CPU ÷ ctags CPU |\n|---|---|---|---|---|');
  const row = (name: string, t: Timing) =>
    console.log(
      `| ${name} | ${t.ms.toFixed(0)} | ${(t.ms / peer.ms).toFixed(2)}× | ${t.cpuMs.toFixed(0)} | ${(t.cpuMs / peer.cpuMs).toFixed(2)}× |`,
    );
  row('ctags -R (peer, mean of before and after)', peer);
  row('grammar and query load (once per worker)', load);
  row('web-tree-sitter parse only, no query, this thread', parse);
  row('parse + definitions query (matches only), this thread', query);
  row('parse + definitions query + extraction, this thread', extract);
  row(`parse only split over ${workers} workers (the floor)`, parseSplit);
  row(`ParsePool, ${workers} workers: parse, definitions query, extraction, messages`, pool);
  // No wall time under the parse's CPU time spread over every core, whatever the rest costs;
  // ctags runs on one thread, so on a quiet machine its wall time is its CPU time.
  const cores = availableParallelism();
  const floor = parse.cpuMs / cores;
  console.log(
    `\nFloor on ${cores} cores: the bare parse's CPU time ÷ ${cores} = ${floor.toFixed(0)} ms = ${(floor / peer.cpuMs).toFixed(2)}× ctags' CPU time.`,
  );
}

void main();
