// The model reads the same error text on both engines: QuickJS's "not a function" gets the
// callee V8 would name, read back from the cell's code at the reported column. Where the
// position cannot say which call failed, the message stays unnamed rather than name a wrong one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';
import { QuickJsSandbox } from '../../src/sandbox/quickjs/quickJsSandbox.js';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/sandbox.js';

const options: SandboxOptions = {
  functions: [{ name: 'grep', async: false, call: () => [] }],
};

describe('error wording on quickjs matches V8', () => {
  let v8: Sandbox;
  let quickjs: Sandbox;
  beforeAll(async () => {
    [v8, quickjs] = await Promise.all([IsolatedVmSandbox.create(options), QuickJsSandbox.create(options)]);
  });
  afterAll(() => {
    v8?.dispose();
    quickjs?.dispose();
  });

  const errorOf = async (sandbox: Sandbox, code: string) => (await sandbox.run(code)).error;

  it.each([
    ['a method that does not exist', 'const o = {}; o.bar()', 'TypeError: o.bar is not a function (line 1)'],
    ['a plain identifier', 'let q; q()', 'TypeError: q is not a function (line 1)'],
    ['a method on a call result', 'grep("x").filterBy(m => m)', 'TypeError: grep(...).filterBy is not a function (line 1)'],
    ['a nested member', 'const a = { b: {} };\na.b.c(1,\n  2)', 'TypeError: a.b.c is not a function (line 2)'],
    ['a computed member', 'const xs = [1];\n  xs[0]()', 'TypeError: xs[0] is not a function (line 2)'],
    ['a call after await', 'const r = {}; await r.go()', 'TypeError: r.go is not a function (line 1)'],
    ['optional chaining', 'const o = {}; o?.bar()', 'TypeError: o?.bar is not a function (line 1)'],
    ['an argument call inside another call', 'const o = { a() {} };\no.a(o.b())', 'TypeError: o.b is not a function (line 2)'],
    ['inside a function the cell defined', 'function f(g) {\n  return g(1);\n}\nf(3)', 'TypeError: g is not a function (line 2)'],
    ['inside a callback', '[3].forEach((x) => x.y())', 'TypeError: x.y is not a function (line 1)'],
    ['a string literal', '"abc".foo()', 'TypeError: "abc".foo is not a function (line 1)'],
    [
      'reading a property of undefined',
      'const m = new Map(); m.get("x").push(1)',
      "TypeError: Cannot read properties of undefined (reading 'push') (line 1)",
    ],
    ['reduce of an empty array', '[].reduce((a, b) => a)', 'TypeError: Reduce of empty array with no initial value (line 1)'],
  ])('%s', async (_, code, expected) => {
    expect(await errorOf(v8, code)).toBe(expected);
    expect(await errorOf(quickjs, code)).toBe(expected);
  });

  it.each([
    ['a built-in that rejects its callback', '[1].map(5)'],
    ['a call whose callee is itself a call', 'const f = () => 1; f(1)()'],
  ])('names no callee where the position is ambiguous: %s', async (_, code) => {
    expect(await errorOf(v8, code)).toMatch(/^TypeError: .+ is not a function \(line 1\)$/);
    expect(await errorOf(quickjs, code)).toBe('TypeError: not a function (line 1)');
  });
});
