// Resource bombs on both engines, through the real tree, ripgrep and sandbox: each must be cleared
// within its cell limit + 1 s, with the host alive and the next cell working. Times are measured
// with the real clock (these are security guarantees, not speed goals) and printed; the assertion
// allows for a loaded machine, the printed count says how many met the 1 s bound itself.
import { closeSync, mkdirSync, mkdtempSync, openSync, realpathSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createReplApi } from '../../src/engine/repl/replApi.js';
import type { CallScope, HostFunction, JsonValue, Sandbox, SandboxOptions } from '../../src/sandbox/sandbox.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { ENGINES, Tally } from './securityHarness.js';

const LIMIT_MS = 1_500;
const BOUND_MS = LIMIT_MS + 1_000;
/** Room for a machine running other suites at the same time; the tally reports the strict bound. */
const LOADED_MACHINE_SLACK_MS = 3_000;
const GIB = 1024 ** 3;
const base = realpathSync(mkdtempSync(join(tmpdir(), 'rlm-bombs-')));

/** [name, code]: every bomb must end (with an error or not) within the bound. */
const BOMBS: Array<[string, string]> = [
  ['infinite loop', 'while (true) {}'],
  ['never-settling await', 'await new Promise(() => {})'],
  ['memory: many small properties', 'let o = {}; for (let i = 0; ; i++) o["k" + i] = i;'],
  ['memory: many small Map entries', 'let m = new Map(); for (let i = 0; ; i++) m.set("k" + i, i);'],
  ['memory: large arrays', 'const hog = []; while (true) hog.push(new Array(100000).fill(1.5))'],
  ['memory: string doubling', 'let s = "x"; for (;;) s += s'],
  ['1 GB ArrayBuffer', 'new ArrayBuffer(2 ** 30)'],
  ['huge print', 'print("x".repeat(20 * 1024 * 1024)); print("tail")'],
  ['endless printing', 'for (;;) print("spam spam spam")'],
  ['deep recursion', 'function down(n) { return down(n + 1) + 1 }\ndown(0)'],
  ['catastrophic regex in the cell', '/^(a+)+$/.test("a".repeat(40) + "b")'],
  ['endless loop after a host await', 'await pause(); while (true) {}'],
  ['endless retries of a cancelled host call', 'for (;;) { try { glob("**", { limit: 0 }); tree(); } catch {} }'],
  [
    '1 GB sparse file through every reader',
    'for (const f of [() => stat("huge.bin"), () => read("huge.bin"), () => peek("huge.bin", 1, 10), () => grep("x", { glob: "huge.bin" })]) { try { f() } catch (e) { print(e.message.slice(0, 80)) } }',
  ],
  ['line index of a 4 GB text file', 'stat("hugeText.txt")'],
  ['50 MB single line', 'print(peek("oneLine.txt", 1, 1).length); print(grep("a$", { glob: "oneLine.txt" })[0].text.length)'],
  ['catastrophic regex in grep', 'grep("^(?=(a|aa)*c)", { glob: "oneLine.txt" })'],
  ['100k-file listing', 'const all = glob("**", { limit: 0 }); print(all.length, tree("many").length, ls("many").length)'],
  ['10,000 parallel llm()', 'await Promise.all(Array.from({ length: 10000 }, (_, i) => llm("summarise part " + i)))'],
  ['rlm() recursion', 'await rlm("go one level deeper")'],
];

const tally = new Tally(`resource bombs (${BOMBS.length}, limit ${LIMIT_MS} ms)`, `not cleared within ${BOUND_MS} ms`);

/** llm() that never answers and rlm() that starts a child sandbox doing the same, recursively. */
class HostileWork {
  llmInFlight = 0;
  openSandboxes = 0;

  constructor(private readonly engine: (typeof ENGINES)[number]) {}

  functions(base: HostFunction[]): HostFunction[] {
    return [
      ...base,
      { name: 'pause', async: true, call: () => new Promise((resolve) => setTimeout(() => resolve(null), 10)) },
      { name: 'llm', async: true, call: (_args, scope) => this.hangingModel(scope) },
      { name: 'rlm', async: true, call: (_args, scope) => this.deeper(base, scope) },
    ];
  }

  private hangingModel(scope: CallScope): Promise<JsonValue> {
    this.llmInFlight++;
    return new Promise((_resolve, reject) => {
      scope.signal.addEventListener('abort', () => (this.llmInFlight--, reject(new Error('cancelled'))), { once: true });
    });
  }

  private async deeper(base: HostFunction[], scope: CallScope): Promise<JsonValue> {
    const child = await this.engine.create(this.options(base));
    this.openSandboxes++;
    try {
      const result = await child.run('await rlm("deeper still")', { signal: scope.signal });
      return result.error ?? null;
    } finally {
      child.dispose();
      this.openSandboxes--;
    }
  }

  options(base: HostFunction[]): SandboxOptions {
    return { functions: this.functions(base), globals: { query: 'q' }, cellTimeoutMs: LIMIT_MS, memoryMb: 64, maxOutputChars: 2_000 };
  }
}

describe('resource bombs', () => {
  let tree: WorkspaceTree;

  beforeAll(() => {
    writeFileSync(join(base, 'small.txt'), 'one\ntwo\n');
    sparse(join(base, 'huge.bin'), GIB, Buffer.alloc(0));
    // Text for the binary sniffing, then 4 GB of holes: indexing it reads every byte.
    sparse(join(base, 'hugeText.txt'), 4 * GIB, Buffer.from('line\n'.repeat(4_000)));
    writeFileSync(join(base, 'oneLine.txt'), Buffer.alloc(50 * 1024 * 1024, 'a'));
    for (let d = 0; d < 1_000; d++) {
      const dir = join(base, 'many', `d${d}`);
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 100; f++) writeFileSync(join(dir, `f${f}.ts`), '');
    }
    tree = new WorkspaceTree({ roots: [{ path: base }] });
  }, 120_000);
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  for (const engine of ENGINES) {
    describe(engine.name, () => {
      let sandbox: Sandbox;
      let work: HostileWork;
      beforeAll(async () => {
        work = new HostileWork(engine);
        sandbox = await engine.create(work.options(createReplApi({ tree }).api.hostFunctions()));
      });
      afterAll(() => sandbox.dispose());

      it.each(BOMBS)('%s', async (name, code) => {
        const started = performance.now();
        const result = await sandbox.run(code);
        const wallMs = Math.round(performance.now() - started);
        tally.record(engine.name, `${name} ${wallMs} ms`, wallMs > BOUND_MS);
        console.log(`[bomb] ${engine.name} · ${name}: ${wallMs} ms · ${result.error ?? `ok: ${result.output.slice(-60).trim()}`}`);
        expect(wallMs).toBeLessThan(BOUND_MS + LOADED_MACHINE_SLACK_MS);
        expect(result.output.length).toBeLessThan(2_500);
        const next = await sandbox.run('query + (1 + 1)');
        expect(next.value, `the next cell after ${name}: ${next.error}`).toBe('q2');
      });

      it('left no host work running: model calls cancelled, child sandboxes disposed', async () => {
        // Stopped work winds down on its own schedule (a child RLM disposes its sandbox once its
        // loop unwinds); it must reach zero, within a few seconds even on a loaded machine.
        await vi.waitFor(
          () => {
            expect(work.llmInFlight).toBe(0);
            expect(work.openSandboxes).toBe(0);
          },
          { timeout: 5_000, interval: 50 },
        );
      });
    });
  }

  it('a stopped cell stops the line indexing it started', async () => {
    const started = performance.now();
    await expect(tree.stat('hugeText.txt', AbortSignal.timeout(100))).rejects.toThrow(/abort|timeout/i);
    const stoppedMs = performance.now() - started;
    // Were the scan still running, this process would spend most of the next 500 ms reading.
    const cpu = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { user, system } = process.cpuUsage(cpu);
    const busyMs = (user + system) / 1000;
    console.log(
      `[bomb] line index of 4 GB: stopped after ${Math.round(stoppedMs)} ms; ${Math.round(busyMs)} ms of CPU in the 500 ms after`,
    );
    expect(stoppedMs).toBeLessThan(1_000);
    expect(busyMs).toBeLessThan(250);
  });
});

/** A file of `size` bytes that holds `head` and then only holes (no disk space used). */
function sparse(path: string, size: number, head: Buffer): void {
  const fd = openSync(path, 'w');
  if (head.length) writeSync(fd, head);
  writeSync(fd, Buffer.from([10]), 0, 1, size - 1);
  closeSync(fd);
}
