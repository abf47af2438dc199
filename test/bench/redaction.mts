// What credential redaction costs: read, peek and grep over Python's library with redaction on,
// off, and against ripgrep reading the same files, plus the listing's content check against
// `rg --files`. Medians of several runs in one process. `npm run bench:redaction`.
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { listRoot } from '../../src/workspace/listing.js';
import { findCredentialFiles } from '../../src/workspace/secretContent.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { median } from './benchSupport.js';
import { timeMedian } from './timing.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const corpus =
  process.env.BENCH_CORPUS ?? execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])']).toString().trim();
const rgPath = createRequire(import.meta.url).resolve(`@vscode/ripgrep-${process.platform}-${process.arch}/bin/rg`);
// The standard library itself (~1,800 .py files, 31 MB), without installed packages.
const EXCLUDE = ['site-packages', '__pycache__'];
const RG_FILTER = ['--no-config', '--hidden', '--no-require-git', '--glob', '!.git', ...EXCLUDE.flatMap((g) => ['--glob', `!${g}`])];

const time = (fn: () => Promise<unknown>): Promise<number> => timeMedian(fn, RUNS);

/**
 * Medians of redaction on and off, their runs interleaved (order swapped each round): on a
 * shared, loaded machine the two then see the same load, so their ratio holds.
 */
async function timeOnOff(fn: (redact: boolean) => () => Promise<unknown>): Promise<[number, number]> {
  const on = fn(true);
  const off = fn(false);
  await on();
  await off();
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < RUNS; i++) {
    for (const which of i % 2 ? [1, 0] : [0, 1]) {
      const t0 = performance.now();
      await (which === 0 ? on : off)();
      samples[which].push(performance.now() - t0);
    }
  }
  return [median(samples[0]), median(samples[1])];
}

function rg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(rgPath, [...RG_FILTER, ...args], { cwd: corpus, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) => (code === 0 || code === 1 ? resolve() : reject(new Error(`rg exited ${code}`))));
  });
}

/** A new tree per sample: the redaction cache (size + mtime) would otherwise make repeats free. */
const fresh = (redactSecrets: boolean) => new WorkspaceTree({ roots: [{ path: corpus }], exclude: EXCLUDE, redactSecrets });
const files = (await fresh(false).glob(['*.py'])).slice();

const rows: string[][] = [];
const report = (name: string, on: number, off: number, peer: number, peerName: string) => {
  rows.push([
    name,
    `${on.toFixed(0)} ms`,
    `${off.toFixed(0)} ms`,
    `${(on / off).toFixed(2)}×`,
    `${peer.toFixed(0)} ms (${peerName})`,
    `${(on / peer).toFixed(2)}×`,
  ]);
  console.error(`  ${name}: ${(on / off).toFixed(2)}× no redaction, ${(on / peer).toFixed(2)}× ${peerName}`);
};

console.log(`Corpus: ${corpus} without ${EXCLUDE.join(', ')} — ${files.length} .py files`);
console.log(`Runs per measurement: ${RUNS} (median, after one warm-up; redaction on and off interleaved)\n`);

const readAll = (redact: boolean) => async () => {
  const tree = fresh(redact);
  for (const path of files) await tree.read(path);
};
report('read every .py file', ...(await timeOnOff(readAll)), await time(() => rg(['--count', '', '--glob', '*.py', '.'])), 'rg --count ""');

const peekAll = (redact: boolean) => async () => {
  const tree = fresh(redact);
  for (const path of files) await tree.lines(path, 1, 100);
};
report(
  'peek lines 1-100 of every .py file',
  ...(await timeOnOff(peekAll)),
  await time(() => rg(['--max-count', '100', '', '--glob', '*.py', '.'])),
  'rg -m100 ""',
);

const patterns: Array<[string, string]> = [
  ['grep literal', 'def __init__'],
  ['grep credential words', '(?i)password|secret|token'],
  ['grep rare word', 'Recursive'],
];
for (const [label, pattern] of patterns) {
  const grep = (redact: boolean) => async () => (await fresh(redact).grep({ pattern, maxResults: 0, glob: ['*.py'] })).matches.length;
  const peerArgs = ['--line-number', '--column', '--no-heading', '--glob', '*.py', '--', pattern, '.'];
  const [on, off] = await timeOnOff(grep);
  report(label, on, off, await time(() => rg(peerArgs)), 'rg');
}

// The listing's content check (files that ARE credentials) on the whole library, packages included.
const listOnly = () => listRoot(corpus, { allowSecrets: false, exclude: [] });
const listed = await listOnly();
const withContent = async () => findCredentialFiles(corpus, await listOnly());
const contentMs = await time(withContent);
const listMs = await time(listOnly);
const rgFilesMs = await time(
  () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(rgPath, ['--files', '--no-config', '--hidden', '--no-require-git', '--glob', '!.git', '.'], {
        cwd: corpus,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child.stdout.resume();
      child.on('error', reject);
      child.on('close', () => resolve());
    }),
);
rows.push([
  `listing + content check (${listed.length} files, whole library)`,
  `${contentMs.toFixed(0)} ms`,
  `${listMs.toFixed(0)} ms`,
  `${(contentMs / listMs).toFixed(2)}×`,
  `${rgFilesMs.toFixed(0)} ms (rg --files)`,
  `${(contentMs / rgFilesMs).toFixed(2)}×`,
]);

console.log('\n| measurement | redaction on | off | on/off | peer | on/peer |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
