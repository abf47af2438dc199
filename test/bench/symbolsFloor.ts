// The floor under symbols() cold, against universal-ctags on the same files in the same run:
// web-tree-sitter parsing the stdlib's .py files with no query on this thread; with our
// definitions query and extraction on this thread; the bare parse split over the parse workers
// (measured, not divided: on a loaded machine two workers are not twice as fast); and the
// ParsePool itself (parse, query, extraction, messages) over the same texts in memory.
// symbols() adds reading, redaction, hashing and the cache on top of the last row.
// `npm run bench:symbols:floor`; BENCH_CORPUS overrides the stdlib.
import { execFileSync } from 'node:child_process';
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

function ctagsMs(): number {
  const out = join(mkdtempSync(join(tmpdir(), 'ctags-floor-')), 'tags');
  const t0 = performance.now();
  execFileSync('ctags', ['-R', '--languages=Python', '--exclude=site-packages', '-f', out, '.'], { cwd: corpus });
  const ms = performance.now() - t0;
  rmSync(out, { force: true });
  return ms;
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
async function parseOnWorkers(texts: string[], count: number): Promise<number> {
  const workerData = { module: require.resolve('web-tree-sitter'), wasm: grammarWasmPath(GRAMMARS.python!) };
  const workers = Array.from({ length: count }, () => new Worker(PARSE_ONLY, { eval: true, workerData, execArgv: [] }));
  const next = (worker: Worker) => new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
  await Promise.all(workers.map(next));
  const shares = split(texts, count);
  const t0 = performance.now();
  await Promise.all(workers.map((worker, i) => (worker.postMessage(shares[i]), next(worker))));
  const ms = performance.now() - t0;
  await Promise.all(workers.map((worker) => worker.terminate()));
  return ms;
}

/** The ParsePool over texts in memory, definitions only as symbols() asks, workers started and ready. */
async function poolMs(texts: string[]): Promise<number> {
  const pool = new ParsePool();
  pool.prepare(['python']);
  await Promise.all(Array.from({ length: 8 }, () => pool.parse('python', 'def warm():\n    pass\n', { references: false })));
  const t0 = performance.now();
  await Promise.all(texts.map((text) => pool.parse('python', text, { references: false })));
  const ms = performance.now() - t0;
  pool.close();
  return ms;
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
  ctagsMs(); // page cache
  const peerBefore = ctagsMs();
  const t0 = performance.now();
  const grammar = (await loadGrammar('python'))!;
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  for (const text of texts) grammar.parser.parse(text)?.delete();
  const parseMs = performance.now() - t1;
  const t2 = performance.now();
  for (const text of texts) extractFile(grammar, text, 60_000, false);
  const extractMs = performance.now() - t2;
  const workers = Math.min(4, availableParallelism());
  const parseSplitMs = await parseOnWorkers(texts, workers);
  const pool = await poolMs(texts);
  const peer = (peerBefore + ctagsMs()) / 2;
  const mb = texts.reduce((n, t) => n + t.length, 0) / 1e6;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  console.log(`Corpus: ${corpus} without site-packages: ${files.length} .py files, ${mb.toFixed(1)} M chars; load ${load}`);
  console.log('\n| measurement | ms | ÷ ctags |\n|---|---|---|');
  const row = (name: string, ms: number) => console.log(`| ${name} | ${ms.toFixed(0)} | ${(ms / peer).toFixed(2)}× |`);
  row('ctags -R (peer, mean of before and after)', peer);
  row('grammar and query load (once per worker)', loadMs);
  row('web-tree-sitter parse only, no query, this thread', parseMs);
  row('parse + definitions query + extraction, this thread', extractMs);
  row(`parse only split over ${workers} workers (the floor)`, parseSplitMs);
  row(`ParsePool, ${workers} workers: parse, definitions query, extraction, messages`, pool);
}

void main();
