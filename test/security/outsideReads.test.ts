// Attempts to read outside the workspace through every tool function, on both engines, with the
// real tree, ripgrep and parser workers. Files next to the workspace hold a random canary; an
// outside read is that canary (or the outside folder's path) in anything a cell returns.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplApi } from '../../src/engine/repl/replApi.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { SymbolIndex } from '../../src/symbols/symbolIndex.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { canary, ENGINES, everything, Tally } from './securityHarness.js';

const SECRET = canary('outside');
const base = realpathSync(mkdtempSync(join(tmpdir(), 'rlm-outside-')));
const outside = join(base, 'outside');

/** Each is one cell; `O` stands for the absolute outside folder. */
const READS: Array<[string, string]> = [
  ['.. in read', 'FINAL(read("../outside/secret.txt"))'],
  ['.. inside a path', 'FINAL(read("app/src/../../../outside/secret.txt"))'],
  ['absolute path', 'FINAL(read(O + "/secret.txt"))'],
  ['file:// URL', 'FINAL(read("file://" + O + "/secret.txt"))'],
  ['home folder', 'FINAL(read("~/../../" + O + "/secret.txt"))'],
  ['symlinked file', 'FINAL(read("app/link.txt"))'],
  ['through a symlinked folder', 'FINAL(peek("app/linkdir/secret.txt", 1, 5))'],
  ['NUL byte', 'FINAL(read("app/src/a.ts\\u0000/../../../outside/secret.txt"))'],
  ['backslashes', 'FINAL(read("app\\\\..\\\\..\\\\outside\\\\secret.txt"))'],
  ['URL-encoded ..', 'FINAL(read("app/%2e%2e/%2e%2e/outside/secret.txt"))'],
  [
    'unicode look-alike dots',
    'FINAL([read("app/\\uFF0E\\uFF0E/\\uFF0E\\uFF0E/outside/secret.txt"), read("app/\\u2024\\u2024/outside/secret.txt")].join())',
  ],
  ['multi-root crossing', 'FINAL(read("other/../../outside/secret.txt") + read("app/../outside/secret.txt"))'],
  ['stat outside', 'FINAL(stat("app/linkdir/secret.txt"))'],
  ['ls and tree of ..', 'FINAL([JSON.stringify(ls("..")), tree("../outside"), JSON.stringify(ls("app/linkdir"))].join())'],
  ['escaping globs', 'FINAL(JSON.stringify([glob("../**"), glob(O + "/**"), glob("**/secret.*"), glob("app/linkdir/**")]))'],
  ['grep for the canary everywhere', `FINAL(JSON.stringify(grep(${JSON.stringify(SECRET)}, { maxResults: 0 })))`],
  [
    'grep with escaping globs',
    'FINAL(JSON.stringify([grep("canary", { glob: "../outside/**" }), grep("canary", { glob: O + "/**" }), grep("canary", { glob: ["**/linkdir/**", "/**"] })]))',
  ],
  ['symbols outside', 'FINAL(JSON.stringify([symbols("app/linkdir/secret.ts"), symbols("../outside/secret.ts")]))'],
  ['slice outside', 'FINAL(JSON.stringify([slice("app/linkdir/secret.ts", "leak"), slice(O + "/secret.ts", "leak")]))'],
  ['outline outside', 'FINAL(outline(["../outside/**", "app/linkdir/**", O + "/**"]))'],
  ['refs outside', 'FINAL(JSON.stringify(refs("leak", { glob: ["../outside/**", "app/linkdir/**"] })))'],
];

/** Each failed call's error is caught per call, so one refusal does not hide the next attempt. */
function tolerant(code: string): string {
  return code.replace(/\b(read|peek|stat|ls|tree|glob|grep|symbols|slice|outline|refs)\(/g, 'tryCall($1, ');
}

const PRELUDE = `const O = ${JSON.stringify(outside)};
function tryCall(fn, ...args) { try { return fn(...args) } catch (e) { return "refused: " + e.message } }\n`;

const tally = new Tally(`outside-read attempts (${READS.length})`, 'outside reads');

describe('outside reads', () => {
  let symbols: SymbolIndex;
  let api: ReturnType<typeof createReplApi>;

  beforeAll(() => {
    const app = join(base, 'app');
    const other = join(base, 'other');
    for (const dir of [join(app, 'src'), other, outside]) mkdirSync(dir, { recursive: true });
    writeFileSync(join(app, 'src/a.ts'), 'export function hello(): string {\n  return "hi";\n}\n');
    writeFileSync(join(other, 'readme.md'), '# other root\n');
    writeFileSync(join(outside, 'secret.txt'), `${SECRET}\n`);
    writeFileSync(join(outside, 'secret.ts'), `export function leak(): string {\n  return "${SECRET}";\n}\n`);
    symlinkSync(join(outside, 'secret.txt'), join(app, 'link.txt'));
    symlinkSync(outside, join(app, 'linkdir'));
    const tree = new WorkspaceTree({ roots: [{ path: app }, { path: other }] });
    symbols = new SymbolIndex({ tree });
    api = createReplApi({ tree, symbols });
  });
  afterAll(async () => {
    await symbols.close();
    rmSync(base, { recursive: true, force: true });
  });

  for (const engine of ENGINES) {
    describe(engine.name, () => {
      let sandbox: Sandbox;
      beforeAll(async () => {
        sandbox = await engine.create({ functions: api.api.hostFunctions(), globals: api.globals, cellTimeoutMs: 10_000 });
      });
      afterAll(() => sandbox.dispose());

      it.each(READS)('%s', async (name, code) => {
        const result = await sandbox.run(PRELUDE + tolerant(code));
        const text = everything(result);
        const leaked = text.includes(SECRET);
        tally.record(engine.name, name, leaked);
        expect(leaked, `${name}: ${text.slice(0, 400)}`).toBe(false);
        expect(result.final, `${name} ran to its end: ${result.error}`).toBeDefined();
      });

      it('reads inside the workspace still work (the attempts were refused, not broken)', async () => {
        const result = await sandbox.run('FINAL(read("app/src/a.ts") + grep("hello").length + symbols("app/src/a.ts")[0].name)');
        expect(result.final?.text).toMatch(/^export function hello[\s\S]*1hello$/);
        expect(tally.failures(engine.name)).toEqual([]);
      });
    });
  }
});
