// Outline benchmark. Speed: `outline("**/*.py", {maxTokens: 4000})` over Python's library with
// site-packages, each in a new `rlm` process (the built CLI): cold (empty cache folder), warm (the
// same folder again), and inside `rlm ask` right after a root model's first turn of 6 s (the
// background warm-up had that long). The cell lists the files first and times that apart, so the
// outline's own figure shows; ctags -R over the same corpus, timed before and after in the same
// run, is the peer for a loaded machine. Quality: the files today's ranking picks (every file parsed,
// scored by references to the names it defines, as main did before this change) against the
// files the import ranking picks, on this repository and on the stdlib.
// `npm run bench:outline`; BENCH_CORPUS overrides the big corpus.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rankForOutline } from '../../src/symbols/importScan.js';
import { ImportTable } from '../../src/symbols/importTable.js';
import { SymbolIndex } from '../../src/symbols/symbolIndex.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { startScriptedModelServer, text } from '../support/scriptedModelServer.js';
import { corpusWithSitePackages, stdlibPath } from './benchSupport.js';
import { referenceRanking, shownFiles } from './referenceRanking.js';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const repository = join(__dirname, '..', '..');
const OUTLINE =
  'const t0 = Date.now(); glob("**/*.py", {limit: 0}); const t1 = Date.now(); const o = outline("**/*.py", {maxTokens: 4000}); ' +
  'print("OUTLINE_MS", Date.now() - t1, "LISTING_MS", t1 - t0, o.split("\\n").length)';
const THINK_MS = 6_000;

interface CellTimes {
  outline: number;
  listing: number;
}

const cellTimes = (printed: string): CellTimes => {
  const found = /OUTLINE_MS (\d+) LISTING_MS (\d+)/.exec(printed);
  return { outline: Number(found?.[1] ?? NaN), listing: Number(found?.[2] ?? NaN) };
};

function execOutline(corpus: string, cacheDir: string): CellTimes {
  const out = execFileSync(process.execPath, [cli, 'exec', '--workspace', corpus, '--timeout', '600000', '--code', OUTLINE], {
    env: { ...process.env, RLM_CACHE_DIR: cacheDir },
  }).toString();
  return cellTimes(out);
}

/** universal-ctags over the corpus's Python files: the peer measured in the same run. */
function ctagsMs(corpus: string): number {
  const out = join(mkdtempSync(join(tmpdir(), 'ctags-outline-')), 'tags');
  const t0 = performance.now();
  execFileSync('ctags', ['-R', '--languages=Python', '-f', out, '.'], { cwd: corpus });
  const ms = performance.now() - t0;
  rmSync(out, { force: true });
  return ms;
}

/** The outline's time in the cell of `rlm ask`'s second turn, the first turn having taken THINK_MS. */
async function outlineAfterThinking(corpus: string, cacheDir: string): Promise<CellTimes> {
  let printed = '';
  const server = await startScriptedModelServer((request, { callIndex }) => {
    if (callIndex === 0) return text(`Let me map the code first.\n\n\`\`\`js\n${OUTLINE}\n\`\`\``, { delayMs: THINK_MS });
    printed ||= request.messages.at(-1)?.content ?? '';
    return text('FINAL("done")');
  });
  try {
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      [
        cli,
        'ask',
        '--workspace',
        corpus,
        '--timeout',
        '600000',
        '--base-url',
        server.baseURL,
        '--model',
        'bench',
        '--no-cache',
        'Map the code',
      ],
      {
        stdio: 'ignore',
        env: { ...process.env, RLM_CACHE_DIR: cacheDir },
      },
    );
    await new Promise((resolve) => child.on('close', resolve));
  } finally {
    await server.close();
  }
  return cellTimes(printed);
}

async function overlap(name: string, root: string, exclude: string[]): Promise<string[]> {
  const tree = new WorkspaceTree({ roots: [{ path: root }], exclude });
  const index = new SymbolIndex({ tree });
  const patterns = [name === 'this repository' ? '**/*.ts' : '**/*.py'];
  const paths = await tree.glob(patterns);
  const files = await Promise.all(paths.map(async (path) => ({ path, ...(await index.parse(path, true)) })));
  const before = referenceRanking(files.map((f) => ({ path: f.path, lines: f.result.lines ?? 0, result: f.result })));
  const after = await rankForOutline(tree, paths, patterns, new ImportTable());
  const shownAfter = shownFiles(await index.outline(patterns, { maxTokens: 4000 }));
  const shownBefore = shownFiles(before.rendered(4000));
  await index.close();
  const common = (a: readonly string[], b: readonly string[]) => a.filter((x) => b.includes(x)).length;
  const rows = [10, 25, 50].map(
    (k) => `| ${name} (${paths.length} ${patterns[0]} files) | top ${k} | ${common(before.ranked.slice(0, k), after.slice(0, k))}/${k} |`,
  );
  rows.push(
    `| ${name} | files shown at 4000 tokens | ${common(shownBefore, shownAfter)} of ${shownBefore.length} before, ${shownAfter.length} now |`,
  );
  console.error(`${name}: before ${before.ranked.slice(0, 10).join(', ')}\n${name}: now    ${after.slice(0, 10).join(', ')}`);
  return rows;
}

async function main(): Promise<void> {
  const corpus = process.env.BENCH_CORPUS ?? corpusWithSitePackages();
  const cacheDir = mkdtempSync(join(tmpdir(), 'rlm-bench-outline-'));
  const thinkCache = mkdtempSync(join(tmpdir(), 'rlm-bench-outline-think-'));
  const timing: string[] = [];
  try {
    const peerBefore = ctagsMs(corpus);
    const cold = execOutline(corpus, cacheDir);
    const warm = execOutline(corpus, cacheDir);
    const thinking = await outlineAfterThinking(corpus, thinkCache);
    const peer = (peerBefore + ctagsMs(corpus)) / 2;
    const row = (name: string, t: CellTimes, goal: string) =>
      `| ${name} | ${t.outline} ms | ${(t.outline / peer).toFixed(3)}× | ${t.listing} ms | ${goal} |`;
    timing.push(row('outline, cold cache, new process', cold, '≤ 3,000 ms'));
    timing.push(row('outline, warm cache, new process', warm, '≤ 500 ms'));
    timing.push(row(`outline, right after a first turn of ${THINK_MS / 1000} s (cold cache)`, thinking, '≤ 1,500 ms'));
    timing.push(`| ctags -R over the same corpus (peer, mean of before and after) | ${peer.toFixed(0)} ms | 1× | | |`);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
    rmSync(thinkCache, { recursive: true, force: true });
  }
  const quality = [...(await overlap('this repository', repository, [])), ...(await overlap('stdlib', stdlibPath(), ['site-packages']))];
  console.log(`Corpus for speed: ${corpus}\n`);
  console.log('| measurement | outline in the cell | ÷ ctags | listing before it, in the cell | goal (outline) |\n|---|---|---|---|---|');
  for (const row of timing) console.log(row);
  console.log('\nRanking: files in common between the reference-count ranking (before) and the import ranking (now)\n');
  console.log('| corpus | compared | in common |\n|---|---|---|');
  for (const row of quality) console.log(row);
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
