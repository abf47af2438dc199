// Outline benchmark. Speed: `outline("**/*.py", {maxTokens: 4000})` over Python's library with
// site-packages, each in a new `rlm` process (the built CLI): cold (empty cache folder), warm (the
// same folder again), and inside `rlm ask` right after a root model's first turn of 6 s (the
// background warm-up had that long). Quality: the files today's ranking picks (every file parsed,
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
  'const t0 = Date.now(); const o = outline("**/*.py", {maxTokens: 4000}); print("OUTLINE_MS", Date.now() - t0, o.split("\\n").length)';
const THINK_MS = 6_000;

function execOutline(corpus: string, cacheDir: string): number {
  const out = execFileSync(process.execPath, [cli, 'exec', '--workspace', corpus, '--timeout', '600000', '--code', OUTLINE], {
    env: { ...process.env, RLM_CACHE_DIR: cacheDir },
  }).toString();
  return Number(/OUTLINE_MS (\d+)/.exec(out)?.[1] ?? NaN);
}

/** The outline's time in the cell of `rlm ask`'s second turn, the first turn having taken THINK_MS. */
async function outlineAfterThinking(corpus: string, cacheDir: string): Promise<number> {
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
  return Number(/OUTLINE_MS (\d+)/.exec(printed)?.[1] ?? NaN);
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
    const cold = execOutline(corpus, cacheDir);
    const warm = execOutline(corpus, cacheDir);
    const thinking = await outlineAfterThinking(corpus, thinkCache);
    timing.push(`| outline, cold cache, new process | ${cold} ms | ≤ 3,000 ms |`);
    timing.push(`| outline, warm cache, new process | ${warm} ms | ≤ 500 ms |`);
    timing.push(`| outline, right after a first turn of ${THINK_MS / 1000} s (cold cache) | ${thinking} ms | ≤ 1,500 ms |`);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
    rmSync(thinkCache, { recursive: true, force: true });
  }
  const quality = [...(await overlap('this repository', repository, [])), ...(await overlap('stdlib', stdlibPath(), ['site-packages']))];
  console.log(`Corpus for speed: ${corpus}\n`);
  console.log('| measurement | time in the cell | goal |\n|---|---|---|');
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
