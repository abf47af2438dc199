// Scale check: generated trees of 50k and 200k files (Python packages that import each other, in
// a temp folder). For each: listing (`glob("**/*")` through WorkspaceTree) against `rg --files`,
// the first model request after `rlm ask` starts, the outline in a new process (cold cache), and
// the memory the listing and the outline add to this process. Growth from 50k to 200k should be
// at most linear (×4); a "per 1k files" column makes that easy to read.
// `npm run bench:scale`; BENCH_SCALE=200000 (largest size), BENCH_KEEP=1 keeps the trees.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeWorkspace } from '../../src/engine/workspaceSummary.js';
import { SymbolIndex } from '../../src/symbols/symbolIndex.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { rgFiles, timeProcess } from './benchSupport.js';
import { firstRequestMs } from './firstRequest.js';

const LARGEST = Number(process.env.BENCH_SCALE ?? 200_000);
const FILES_PER_PACKAGE = 1000;
/** Past importScan.ts's RACY_MS (2 s), after which a file's mtime can be trusted for caches. */
const SETTLE_MS = 2_500;
const cli = join(__dirname, '..', '..', 'dist', 'cli.js');

function generate(root: string, files: number): void {
  const packages = Math.ceil(files / FILES_PER_PACKAGE);
  for (let p = 0; p < packages; p++) {
    const dir = join(root, `pkg_${p}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '__init__.py'), `from pkg_${p} import mod_0\n`);
    for (let m = 1; m < FILES_PER_PACKAGE && p * FILES_PER_PACKAGE + m < files; m++) {
      const target = (m * 7) % FILES_PER_PACKAGE;
      writeFileSync(
        join(dir, `mod_${m}.py`),
        `from pkg_${(p * 3) % packages} import mod_${target}\n\n\ndef handler_${m}(value):\n    return mod_${target}.run(value)\n`,
      );
    }
  }
}

function outlineInNewProcess(root: string): number {
  const cacheDir = mkdtempSync(join(tmpdir(), 'rlm-bench-scale-cache-'));
  try {
    const code = 'const t0 = Date.now(); outline("**/*.py", {maxTokens: 4000}); print("OUTLINE_MS", Date.now() - t0)';
    const out = execFileSync(process.execPath, [cli, 'exec', '--workspace', root, '--timeout', '600000', '--code', code], {
      env: { ...process.env, RLM_CACHE_DIR: cacheDir },
    }).toString();
    return Number(/OUTLINE_MS (\d+)/.exec(out)?.[1] ?? NaN);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

interface Row {
  files: number;
  rg: number;
  listing: number;
  first: number;
  outline: number;
  outlineHere: number;
  heapMb: number;
}

async function measure(files: number): Promise<Row> {
  const root = mkdtempSync(join(tmpdir(), `rlm-scale-${files}-`));
  try {
    const t0 = performance.now();
    generate(root, files);
    console.error(`  generated ${files} files in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    // As a real tree is: files written in the last 2 s are "racy" and keep no cached ranking
    // (importScan.ts RACY_MS), so a 50k tree measured at once held ~10 MB less than it would.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    await rgFiles(root); // page cache
    const rg = await timeProcess(() => rgFiles(root));
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const tree = new WorkspaceTree({ roots: [{ path: root }] });
    const listing = await timeProcess(async () => (await tree.glob(['**/*'])).length);
    await summarizeWorkspace(tree);
    const index = new SymbolIndex({ tree });
    const outlineHere = await timeProcess(() => index.outline(['**/*.py'], { maxTokens: 4000 }));
    global.gc?.();
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    await index.close();
    const first = await firstRequestMs(root);
    const outline = outlineInNewProcess(root);
    return { files, rg, listing, first, outline, outlineHere, heapMb };
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rows = [await measure(LARGEST / 4), await measure(LARGEST)];
  console.log(
    '| files | rg --files | listing (glob("**/*")) | ratio | first request after `rlm ask` | outline, new process, cold | outline, same process | heap held (listing + index) |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.files.toLocaleString('en-US')} | ${r.rg.toFixed(0)} ms | ${r.listing.toFixed(0)} ms | ${(r.listing / r.rg).toFixed(2)}× | ${r.first.toFixed(0)} ms | ${r.outline} ms | ${r.outlineHere.toFixed(0)} ms | ${r.heapMb.toFixed(0)} MB |`,
    );
  }
  const [small, large] = rows as [Row, Row];
  const growth = (key: 'listing' | 'first' | 'outline' | 'heapMb') => (large[key] / small[key]).toFixed(1);
  console.log(
    `\nGrowth for ×4 files: listing ×${growth('listing')}, first request ×${growth('first')}, outline ×${growth('outline')}, heap ×${growth('heapMb')} (linear: ×4)`,
  );
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
