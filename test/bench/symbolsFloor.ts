// The floor under symbols() cold: web-tree-sitter parsing the stdlib's .py files on this thread
// with no query, then parsing and running our tags query, against universal-ctags on the same
// files in the same run. Our cold figure cannot go below the parse alone divided by the workers.
// `npm run bench:symbols:floor`; BENCH_CORPUS overrides the stdlib.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser } from 'web-tree-sitter';
import { extractFile, loadGrammar } from '../../src/symbols/extract.js';
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
  const parser = new Parser();
  parser.setLanguage(grammar.language);
  const t1 = performance.now();
  for (const text of texts) parser.parse(text)?.delete();
  const parseMs = performance.now() - t1;
  const t2 = performance.now();
  for (const text of texts) extractFile(grammar, text, 60_000, false);
  const extractMs = performance.now() - t2;
  const peer = (peerBefore + ctagsMs()) / 2;
  const cores = Math.min(4, availableParallelism());
  const mb = texts.reduce((n, t) => n + t.length, 0) / 1e6;
  console.log(`Corpus: ${corpus} without site-packages: ${files.length} .py files, ${mb.toFixed(1)} M chars; ${cores} parse workers`);
  console.log('\n| measurement | ms | ÷ ctags | ÷ ctags with the work split over the workers |\n|---|---|---|---|');
  const row = (name: string, ms: number) =>
    console.log(`| ${name} | ${ms.toFixed(0)} | ${(ms / peer).toFixed(2)}× | ${(ms / cores / peer).toFixed(2)}× |`);
  row('ctags -R (peer)', peer);
  row('grammar and query load (once per worker)', loadMs);
  row('web-tree-sitter parse only, no query', parseMs);
  row('parse + definitions query + extraction', extractMs);
}

void main();
