// symbols, slice, refs and outline as model code calls them: real sandbox, tree, parser workers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplApi } from '../../src/engine/repl/replApi.js';
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { SymbolIndex } from '../../src/symbols/symbolIndex.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { makeWorkspace, type TestWorkspace } from '../fixtures/makeWorkspace.js';

describe('symbol REPL functions', () => {
  let ws: TestWorkspace;
  let symbols: SymbolIndex;
  let sandbox: Sandbox;

  beforeAll(async () => {
    ws = makeWorkspace('basic');
    const tree = new WorkspaceTree({ roots: [{ path: ws.root }] });
    symbols = new SymbolIndex({ tree });
    const { api, globals } = createReplApi({ tree, symbols });
    sandbox = await IsolatedVmSandbox.create({ functions: api.hostFunctions(), globals, cellTimeoutMs: 20_000 });
  });
  afterAll(() => {
    sandbox.dispose();
    symbols.close();
    ws.cleanup();
  });

  it('symbols() lists definitions; other files give [] with a notice', async () => {
    const r = await sandbox.run('FINAL(symbols("src/util/math.ts").map(s => `${s.kind} ${s.name} ${s.startLine}-${s.endLine}`))');
    expect(r.final?.value).toEqual([
      'function add 1-3',
      'function multiply 5-7',
      'constant price 10-10',
      'constant discount 11-11',
      'constant finalPrice 12-12',
    ]);
    const md = await sandbox.run('FINAL(symbols("README.md"))');
    expect(md.final?.value).toEqual([]);
    expect(md.output).toMatch(/\[symbols: no symbol parser for markdown files/);
  });

  it('slice() returns the source, or null with a hint', async () => {
    const r = await sandbox.run('const s = slice("src/index.ts", "greet"); FINAL(s.text)');
    expect(r.final?.text).toBe(
      '// TODO: accept a list of names\nexport function greet(name: string): string {\n  return `Hello, ${name}`;\n}',
    );
    const missing = await sandbox.run('FINAL(String(slice("src/index.ts", "gret")))');
    expect(missing.final?.text).toBe('null');
    expect(missing.output).toMatch(/close matches: greet \(function, line 5\)/);
  });

  it('refs() answers "who calls add" in one call', async () => {
    const r = await sandbox.run('FINAL(refs("add").map(r => `${r.path}:${r.line}:${r.column} ${r.kind}`))');
    expect(r.final?.value).toEqual(['src/index.ts:10:17 call']);
  });

  it('outline() gives a budgeted map', async () => {
    const r = await sandbox.run('FINAL(outline("src/**/*.ts", {maxTokens: 500}))');
    expect(r.error).toBeUndefined();
    expect(r.final?.text).toMatch(/^src\/util\/math\.ts \(12 lines\)\n {2}function add 1-3/m);
    expect((await sandbox.run('outline()')).error).toMatch(/outline needs paths or a glob/);
  });
});
