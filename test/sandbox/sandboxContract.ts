// The behaviour every Sandbox engine must show, written once and run against each engine.
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallScope, HostFunction, JsonValue, Sandbox, SandboxOptions } from '../../src/sandbox/sandbox.js';
import { waitUntil } from '../support/waitUntil.js';

/** Host functions with observable effects, so tests can see what crossed the boundary. */
export class RecordingHost {
  inFlight = 0;
  maxInFlight = 0;
  received: JsonValue[][] = [];
  lastSignal?: AbortSignal;
  /** The signal of every hang() call, and the most abort listeners any of them held. */
  hangSignals: AbortSignal[] = [];
  maxListeners = 0;
  /** Resolved once hang() has been called this many times. */
  hangsSeen?: { count: number; resolve: () => void };
  /** Every look() and mark() call in the order the host ran them. */
  log: string[] = [];

  functions(): HostFunction[] {
    return [
      { name: 'echo', async: false, call: (args) => (this.received.push(args), args) },
      { name: 'fail', async: false, call: () => Promise.reject(new Error('disk on fire')) },
      {
        name: 'slowEcho',
        async: true,
        call: async (args, scope: CallScope) => {
          this.inFlight++;
          this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
          this.lastSignal = scope.signal;
          try {
            await abortableDelay(Number(args[1] ?? 50), scope.signal);
            return args[0] ?? null;
          } finally {
            this.inFlight--;
          }
        },
      },
      { name: 'notify', async: false, call: (args, scope) => (scope.notice(`[note: ${String(args[0])}]`), null) },
      { name: 'hang', async: true, call: (_args, scope) => this.hang(scope.signal) },
      { name: 'paths', async: false, call: (args) => Array.from({ length: Number(args[0]) }, (_, i) => `f${i}.py`) },
      { name: 'look', async: false, readAhead: true, call: (args, scope) => this.look(String(args[0]), scope) },
      { name: 'mark', async: false, call: () => (this.log.push('mark'), null) },
    ];
  }

  /** Like symbols(): a result per path, a notice for one, a failure for another. */
  private look(path: string, scope: CallScope): JsonValue {
    this.log.push(path);
    if (path === 'f2.py') scope.notice(`[look: ${path} has syntax errors]`);
    if (path === 'f3.py') throw new Error(`no such file ${path}`);
    return { path, size: path.length };
  }

  /** A call that only ends when its signal aborts, like a model call that never answers. */
  private hang(signal: AbortSignal): Promise<JsonValue> {
    this.hangSignals.push(signal);
    this.maxListeners = Math.max(this.maxListeners, getEventListeners(signal, 'abort').length);
    if (this.hangSignals.length === this.hangsSeen?.count) this.hangsSeen.resolve();
    return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('cancelled')), { once: true }));
  }
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(new Error('aborted'))), { once: true });
  });
}

const FIRST_CELL =
  'const a = 1; let {b, c: [d]} = {b: 2, c: [3]}; var e = 4;\nfunction f(x) { return x * 10 }\nclass K { get v() { return 5 } }';

export type SandboxFactory = (options: SandboxOptions) => Promise<Sandbox>;

export function describeSandboxContract(engine: string, create: SandboxFactory): void {
  describe(`Sandbox contract: ${engine}`, () => {
    let sandbox: Sandbox;
    let host: RecordingHost;
    const run = (code: string) => sandbox.run(code);

    beforeAll(async () => {
      host = new RecordingHost();
      sandbox = await create({
        functions: host.functions(),
        globals: { query: 'Where is the config loaded?' },
        cellTimeoutMs: 1_500,
        maxOutputChars: 2_000,
        memoryMb: 64,
        firstCell: FIRST_CELL, // parsed while the engine starts: the first test runs it
      });
    });
    afterAll(() => sandbox.dispose());

    describe('cells', () => {
      it('keeps top-level declarations across cells', async () => {
        const first = await run(FIRST_CELL);
        expect(first.error).toBeUndefined();
        const second = await run('print(a, b, d, e, f(1), new K().v)');
        expect(second.output).toBe('1 2 3 4 10 5\n');
      });

      it('lets a later cell redeclare a name', async () => {
        await run('const again = 1');
        const r = await run('const again = 2; again');
        expect(r.error).toBeUndefined();
        expect(r.value).toBe('2');
      });

      it('supports top-level await and returns the last expression', async () => {
        const r = await run('const v = await slowEcho("later", 5); v + "!"');
        expect(r.value).toBe('later!');
      });

      it('exposes read-only globals such as query', async () => {
        expect((await run('query')).value).toBe('Where is the config loaded?');
        const r = await run('query = "changed"; query');
        expect(r.value).toBe('Where is the config loaded?');
      });

      it('captures print and console.log in order, formatting values', async () => {
        const r = await run('print("a", 1, [1, "x"], {k: {deep: true}}); console.log(null, undefined); console.error(new Error("boom"))');
        expect(r.output).toBe('a 1 [1, "x"] { k: { deep: true } }\nnull undefined\nError: boom\n');
      });

      it('reports syntax errors with their position', async () => {
        const r = await run('const x = ;');
        expect(r.error).toMatch(/^SyntaxError: Unexpected token at line 1, column 11/);
      });

      it('reports runtime errors with the line in the cell', async () => {
        const r = await run('const ok = 1;\nnull.boom');
        expect(r.error).toMatch(/TypeError: Cannot read properties of null \(reading 'boom'\) \(line 2\)/);
      });

      it('keeps output printed before an error', async () => {
        const r = await run('print("before"); throw new Error("after")');
        expect(r.output).toBe('before\n');
        expect(r.error).toBe('Error: after (line 1)');
      });

      it('refuses redeclaring a built-in at the top level', async () => {
        const r = await run('const print = 1');
        expect(r.error).toMatch(/"print" is a built-in/);
      });
    });

    describe('FINAL', () => {
      it('returns a string answer as it is', async () => {
        const r = await run('FINAL("The config is loaded in src/config.ts:12")');
        expect(r.final).toEqual({ text: 'The config is loaded in src/config.ts:12', value: 'The config is loaded in src/config.ts:12' });
      });

      it('JSON-encodes object answers', async () => {
        const r = await run('FINAL({files: ["a.ts"], count: 1})');
        expect(r.final?.value).toEqual({ files: ['a.ts'], count: 1 });
        expect(r.final?.text).toBe('{\n  "files": [\n    "a.ts"\n  ],\n  "count": 1\n}');
      });

      it('FINAL_VAR answers with a global variable', async () => {
        await run('const answer = "42 files"');
        expect((await run('FINAL_VAR("answer")')).final?.text).toBe('42 files');
        expect((await run('FINAL_VAR("nope")')).error).toMatch(/no global variable named "nope"/);
      });

      it('rejects an empty FINAL with a hint', async () => {
        expect((await run('FINAL()')).error).toMatch(/FINAL needs an answer/);
      });

      it('cannot be redefined, deleted or shadowed at the top level', async () => {
        await run('FINAL = () => {}; globalThis.FINAL = null; delete globalThis.FINAL');
        const defined = await run('Object.defineProperty(globalThis, "FINAL", { value: () => {} })');
        // V8 and QuickJS word it differently.
        expect(defined.error).toMatch(/Cannot redefine property: FINAL|property is not configurable/);
        expect((await run('var FINAL = 1')).error).toMatch(/"FINAL" is a built-in/);
        expect((await run('FINAL("still works")')).final?.text).toBe('still works');
      });
    });

    describe('a missing await', () => {
      const awaitIt =
        'a sub-call result was used before it finished. await it: FINAL(await llm(...)), or `const a = await llm(...)` first.';

      it('refuses FINAL of a Promise, of an object holding one, and of text holding "[object Promise]"', async () => {
        expect((await run('FINAL(slowEcho("x", 1))')).error).toBe(`Error: FINAL got a Promise, not an answer: ${awaitIt} (line 1)`);
        expect((await run('FINAL({found: slowEcho("x", 1)})')).error).toBe(
          `Error: FINAL got an object holding a Promise: ${awaitIt} (line 1)`,
        );
        const r = await run('FINAL("found " + slowEcho("x", 1))');
        expect(r.error).toBe(`Error: FINAL's answer contains "[object Promise]": ${awaitIt} (line 1)`);
        expect(r.final).toBeUndefined();
      });

      it('prints a Promise as pending and asks whether an await is missing', async () => {
        const r = await run('const p = slowEcho("x", 1);\nprint(p);\nprint("got " + p)');
        expect(r.output.split('\n').slice(0, 2)).toEqual([
          'Promise { <pending> } (not awaited: is an `await` missing?)',
          'got [object Promise] [a Promise was turned into text: is an `await` missing before llm()/rlm()?]',
        ]);
      });

      it('tells a cell that ends with sub-calls still running how many there were', async () => {
        const r = await run(
          'const out = [];\n["a", "b", "c"].forEach(async (x) => { out.push(await slowEcho(x, 100)); throw new Error("late"); });\nprint(out.length)',
        );
        expect(r.output).toBe(
          '0\n[the cell ended while 3 sub-calls (llm/rlm) it started were still running, not awaited (forEach(async …)? a missing await?). ' +
            'The cell did not wait for them, so they are dropped: code after their await never runs and their results are lost. Use `await Promise.all(items.map(async (x) => …))`.]\n',
        );
        await new Promise((resolve) => setTimeout(resolve, 150));
        // The dropped calls neither fill `out` nor throw into the next cell.
        const awaited = await run('print(await Promise.all(["a", "b"].map((x) => slowEcho(x, 5))), out.length)');
        expect(awaited).toMatchObject({ output: '["a", "b"] 0\n' });
        expect(awaited.error).toBeUndefined();
      });
    });

    describe('host functions', () => {
      it('copies values in and out', async () => {
        const r = await run('const out = echo("s", 1, [true], {k: null}, /a+b/gi); out');
        expect(host.received.at(-1)).toEqual(['s', 1, [true], { k: null }, { $regexp: 'a+b', flags: 'gi' }]);
        expect(r.value).toBe('["s", 1, [true], { k: null }, { $regexp: "a+b", flags: "gi" }]');
      });

      it('turns host failures into errors the code can catch', async () => {
        const r = await run('try { fail() } catch (e) { print(e instanceof Error, e.message) }');
        expect(r.output).toBe('true disk on fire\n');
      });

      it('runs async host calls in parallel under Promise.all', async () => {
        host.maxInFlight = 0;
        const r = await run('const all = await Promise.all([1, 2, 3, 4].map((n) => slowEcho(n, 100))); all');
        expect(r.value).toBe('[1, 2, 3, 4]');
        expect(host.maxInFlight).toBe(4);
      });

      it('lets host functions add notices to the output', async () => {
        expect((await run('notify("hi"); print("after")')).output).toBe('[note: hi]\nafter\n');
      });

      it('reads ahead a loop over a listing: later paths cross with the first, used where the code asks', async () => {
        host.log = [];
        const r = await run(
          'const seen = []; for (const f of paths(12)) { try { seen.push(look(f).size) } catch (e) { print(e.message) } mark(); print("after", f) } seen.length',
        );
        // Without read-ahead every look() would cross alone, each right before its mark(). The
        // rest of the listing is looked up when the guest asks for it, or before, while the guest
        // uses the first batch (isolated-vm's send-ahead): either way never before the first batch,
        // and each path once.
        expect(host.log.slice(0, 5)).toEqual(['f0.py', 'f1.py', 'f2.py', 'f3.py', 'f4.py']);
        expect([5, 12]).toContain(host.log.indexOf('mark'));
        expect(host.log.filter((entry) => entry !== 'mark')).toEqual(Array.from({ length: 12 }, (_, i) => `f${i}.py`));
        expect(r.value).toBe('11');
        expect(r.output.split('\n').slice(0, 7)).toEqual([
          'after f0.py',
          'after f1.py',
          '[look: f2.py has syntax errors]',
          'after f2.py',
          'no such file f3.py',
          'after f3.py',
          'after f4.py',
        ]);
      });

      it('keeps nothing read ahead for the next cell, and asks for paths outside the last listing one by one', async () => {
        await run('var listed = paths(8); look(listed[0])');
        host.log = [];
        await run('look(listed[1]); look("elsewhere.py")');
        expect(host.log.slice(0, 1)).toEqual(['f1.py']); // asked again: the earlier cell's result may be stale
        expect(host.log).toContain('elsewhere.py');
        expect(host.log.filter((entry) => entry === 'elsewhere.py')).toHaveLength(1);
      });

      it('refuses arguments that are not plain data', async () => {
        expect((await run('echo(10n)')).error).toMatch(/arguments must be plain data/);
      });

      it('gives each of 1,000 parallel calls a signal of its own, and cancels all when the cell is stopped', async () => {
        // One signal for all would hold thousands of listeners, and adding one walks them all:
        // seconds of host time for 10,000 parallel llm() calls.
        host.hangSignals = [];
        host.maxListeners = 0;
        const seen = new Promise<void>((resolve) => (host.hangsSeen = { count: 1_000, resolve }));
        const controller = new AbortController();
        const pending = sandbox.run('await Promise.all(Array.from({ length: 1000 }, (_, i) => hang(i)))', {
          signal: controller.signal,
          timeoutMs: 60_000,
        });
        await seen;
        controller.abort();
        expect((await pending).error).toMatch(/cancelled/);
        expect(new Set(host.hangSignals).size).toBe(1_000);
        expect(host.maxListeners).toBeLessThanOrEqual(1);
        await vi.waitFor(() => expect(host.hangSignals.filter((signal) => !signal.aborted)).toHaveLength(0));
      });
    });

    describe('output limit', () => {
      it('cuts long output with a marker saying how much was cut', async () => {
        const r = await run('for (let i = 0; i < 1000; i++) print("line " + i)');
        expect(r.output.length).toBeLessThan(2_300);
        expect(r.output).toMatch(/^line 0\n/);
        expect(r.output).toMatch(/line 999\n$/);
        const cut = /output cut: ([\d,]+) characters/.exec(r.output);
        expect(Number(cut?.[1].replace(/,/g, ''))).toBeGreaterThan(5_000);
      });

      it('survives a print of 40 MB (most of the 64 MB heap)', async () => {
        // About memory, not time: quickjs takes ~1.5 s to build the string, the contract's cell limit.
        const r = await sandbox.run('print("x".repeat(40 * 1024 * 1024)); print("tail")', { timeoutMs: 30_000 });
        expect(r.error).toBeUndefined();
        expect(r.output.length).toBeLessThan(2_300);
        expect(r.output).toMatch(/tail\n$/);
        expect(r.output).toMatch(/output cut: 41,94\d,\d\d\d characters/);
      });
    });

    describe('hostile code', () => {
      const refused = async (code: string, pattern: RegExp) => {
        const r = await run(code);
        expect(r.final).toBeUndefined();
        expect(r.error).toMatch(pattern);
      };

      it('has no require, process, fetch or timers', async () => {
        await refused('require("fs")', /require is not defined/);
        await refused('process.exit(1)', /process is not defined/);
        await refused('fetch("http://127.0.0.1")', /fetch is not defined/);
        await refused('setTimeout(() => {}, 1)', /setTimeout is not defined/);
      });

      it('has no dynamic import', async () => {
        await refused('const fs = await import("node:fs")', /import\(\) is not available/);
      });

      it('cannot reach the host through the Function constructor', async () => {
        await refused('this.constructor.constructor("return process")()', /process is not defined/);
        await refused('echo.constructor("return process")()', /process is not defined/);
      });

      it('cannot climb from a returned value back to the host', async () => {
        await refused('echo({}).constructor.constructor("return process")()', /process is not defined/);
        await refused('echo([])[0]; Object.getPrototypeOf(echo([])).constructor.constructor("return require")()', /require is not defined/);
      });

      it('cannot climb from a host error object back to the host', async () => {
        await refused('try { fail() } catch (e) { e.constructor.constructor("return process")() }', /process is not defined/);
        const r = await run('try { fail() } catch (e) { print(Object.getPrototypeOf(e) === Error.prototype) }');
        expect(r.output).toBe('true\n');
      });

      it('cannot pollute the host prototypes', async () => {
        const r = await run(
          'Object.prototype.polluted = "yes"; Array.prototype.evil = 1; echo({["__proto__"]: {polluted: "deep"}, a: 1}); "done"',
        );
        expect(r.value).toBe('done');
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(([] as unknown as Record<string, unknown>).evil).toBeUndefined();
        const last = host.received.at(-1)?.[0] as Record<string, unknown>;
        expect(Object.getPrototypeOf(last)).toBe(Object.prototype);
        expect(last.polluted).toBeUndefined();
        await run('delete Object.prototype.polluted; delete Array.prototype.evil');
      });

      it('stops an endless loop and keeps earlier variables', async () => {
        await run('const kept = "still here"');
        await refused('while (true) {}', /time limit/);
        expect((await run('kept')).value).toBe('still here');
      });

      it('stops an await that never settles and keeps earlier variables', async () => {
        await run('const kept2 = "kept"');
        await refused('await new Promise(() => {})', /never settled/);
        expect((await run('kept2')).value).toBe('kept');
      });

      it('stops an endless loop that starts after an await', async () => {
        await run('const kept3 = "kept"');
        const r = await run('await slowEcho(1, 10); while (true) {}');
        expect(r.error).toMatch(/time limit/);
        // isolated-vm cannot interrupt code that resumed after a host promise, so it restarts;
        // QuickJS's interrupt handler covers it and keeps the variables.
        if (r.restarted) expect(r.error).toMatch(/restarted: variables from earlier cells are gone/);
        else expect((await run('kept3')).value).toBe('kept');
        expect((await run('1 + 1')).value).toBe('2');
      });

      it('stops a memory bomb and restarts the sandbox', async () => {
        const r = await run('const hog = []; while (true) hog.push(new Array(100000).fill(1.5))');
        expect(r.error).toMatch(/memory limit/);
        expect(r.restarted).toBe(true);
        expect((await run('typeof hog')).value).toBe('undefined');
        expect((await run('query.length')).value).toBe('27');
      });

      it('cannot allocate memory outside the heap limit', async () => {
        await refused('new WebAssembly.Memory({ initial: 20000 })', /WebAssembly is not defined/);
        await refused('new SharedArrayBuffer(2 ** 30)', /SharedArrayBuffer is not defined/);
        const r = await run('new ArrayBuffer(2 ** 30)');
        expect(r.error).toMatch(/Array buffer allocation failed|memory limit/);
      });

      it('stops endless recursion with an error and keeps working', async () => {
        const r = await run('function down(n) { return down(n + 1) + 1 }\ndown(0)');
        expect(r.error).toMatch(/call stack|stack overflow/i);
        expect((await run('query.length')).value).toBe('27');
      });

      it('stops a catastrophic regular expression at the time limit', async () => {
        await run('const kept4 = "kept"');
        await refused('/^(a+)+$/.test("a".repeat(40) + "b")', /time limit/);
        expect((await run('typeof kept4')).value).toBe('string');
      });

      it('cancels a synchronous endless loop through the AbortSignal', async () => {
        const controller = new AbortController();
        const pending = sandbox.run('while (true) {}', { signal: controller.signal });
        await new Promise((resolve) => setTimeout(resolve, 100));
        controller.abort();
        const r = await pending;
        expect(r.error).toMatch(/cancelled/);
        expect((await run('1 + 2')).value).toBe('3');
      });

      it('is cancelled by an AbortSignal, aborting host calls', async () => {
        const controller = new AbortController();
        const pending = sandbox.run('await slowEcho("x", 10000)', { signal: controller.signal });
        // Aborted once the host call runs (a fixed 50 ms missed its start on a loaded machine).
        await waitUntil(() => host.inFlight === 1, 'slowEcho runs on the host');
        controller.abort();
        const r = await pending;
        // Cancelled, not run out: the 10 s host call saw its signal abort.
        expect(r.error).toMatch(/cancelled/);
        expect(host.lastSignal?.aborted).toBe(true);
      });

      it('still works after all of the above', async () => {
        const r = await run('print(1 + 1); FINAL("alive")');
        expect(r.output).toBe('2\n');
        expect(r.final?.text).toBe('alive');
      });
    });
  });
}
