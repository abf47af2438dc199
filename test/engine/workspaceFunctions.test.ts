// The workspace REPL functions as model code calls them: real sandbox, real tree, real ripgrep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplApi } from '../../src/engine/repl/replApi.js';
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';
import type { CellResult, Sandbox } from '../../src/sandbox/sandbox.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { largeFileLine, LARGE_FILE, makeWorkspace, OUTSIDE_SECRET, type TestWorkspace } from '../fixtures/makeWorkspace.js';

describe('workspace REPL functions', () => {
  let ws: TestWorkspace;
  let sandbox: Sandbox;

  beforeAll(async () => {
    ws = makeWorkspace('basic');
    const { api, globals } = createReplApi({ tree: new WorkspaceTree({ roots: [{ path: ws.root }] }), query: 'Where is greet?' });
    sandbox = await IsolatedVmSandbox.create({ functions: api.hostFunctions(), globals, cellTimeoutMs: 10_000 });
  });
  afterAll(() => {
    sandbox.dispose();
    ws.cleanup();
  });

  /** Runs a cell that must succeed and returns its FINAL value. */
  async function final(code: string): Promise<unknown> {
    const r = await sandbox.run(code);
    expect(r.error).toBeUndefined();
    return r.final?.value;
  }
  const run = (code: string): Promise<CellResult> => sandbox.run(code);

  it('tree() shows folders with file counts and sizes, bounded by depth', async () => {
    const text = (await final('FINAL(tree("src", {depth: 1}))')) as string;
    expect(text.split('\n')[0]).toMatch(/^src\/ {2}\(\d+ files, [\d.]+ KB\)$/);
    expect(text).toMatch(/^ {2}util\/ {2}\(2 files, \d+ bytes\)$/m);
    expect(text).toMatch(/^ {2}index\.ts {2}\(\d+ bytes\)$/m);
    expect(text).not.toContain('math.ts'); // depth 1 does not open util/
    expect((await final('FINAL(tree("src"))')) as string).toContain('    math.ts');
  });

  it('ls() lists direct children with sizes', async () => {
    expect(await final('FINAL(ls("src/util"))')).toEqual([
      { path: 'src/util/math.ts', type: 'file', size: 263 },
      { path: 'src/util/strings.ts', type: 'file', size: 184 },
    ]);
    const top = (await final('FINAL(ls().map(e => e.path + (e.type === "dir" ? "/" : "")))')) as string[];
    expect(top).toContain('src/');
    expect(top).toContain('README.md');
    expect(top).not.toContain('.env');
    expect(top).not.toContain('empty/'); // a folder without visible files does not exist for the model
  });

  it('ls() and tree() explain a missing folder or a file', async () => {
    expect((await run('ls("nope")')).error).toMatch(/No such directory: "nope"/);
    expect((await run('tree("README.md")')).error).toMatch(/"README.md" is a file; use stat\(\) or peek\(\)/);
  });

  it('glob() matches like .gitignore and like grep, with a limit and a notice', async () => {
    const anyDepth = (await final('FINAL(glob("*.ts"))')) as string[];
    expect(anyDepth).toContain('src/util/math.ts');
    expect(anyDepth).toEqual(await final('FINAL(glob("**/*.ts"))'));
    expect(
      await final(
        'FINAL([...new Set(grep("export", {glob: "*.ts", maxResults: 0}).map(m => m.path))].every(p => glob("*.ts").includes(p)))',
      ),
    ).toBe(true);
    expect(await final('FINAL(glob("src/util"))')).toEqual(['src/util/math.ts', 'src/util/strings.ts']);
    expect(await final('FINAL(glob(["src/util/m*.ts", "README.md"]))')).toEqual(['README.md', 'src/util/math.ts']);
    const limited = await run('FINAL(glob("**", {limit: 2}))');
    expect(limited.final?.value).toHaveLength(2);
    expect(limited.output).toMatch(/^\[glob: \d+ paths match; returning the first 2/);
    expect((await run('glob()')).error).toMatch(/glob needs a pattern/);
  });

  it('stat() describes a file', async () => {
    expect(await final('FINAL(stat("src/util/math.ts"))')).toEqual({
      path: 'src/util/math.ts',
      size: 263,
      lines: 12,
      language: 'typescript',
      tokens: 66,
      binary: false,
    });
  });

  it('read() returns text and refuses what the model may not or cannot read', async () => {
    expect(await final('FINAL(read("src/util/strings.ts").split("\\n")[0])')).toBe('export function shout(text: string): string {');
    expect((await run('read(".env")')).error).toMatch(/No such file: "\.env"/);
    expect((await run('read("../outside/secret.txt")')).error).toMatch(/"\.\."/);
    expect((await run('read("/etc/passwd")')).error).toMatch(/absolute/);
    expect((await run('read("outside-file.txt")')).error).toMatch(/No such file: "outside-file\.txt"/);
    expect((await run('read("assets/logo.png")')).error).toMatch(/binary file/);
    expect((await run(`read("${LARGE_FILE}")`)).error).toMatch(/over the 2 MB read limit; use peek\(/);
    const leaked = await run('let found = ""; try { found = read("outside-dir/secret.txt") } catch (e) { found = e.message } FINAL(found)');
    expect(leaked.final?.text).not.toContain(OUTSIDE_SECRET);
  });

  it('peek() numbers lines, defaults to 100 and works deep in a large file', async () => {
    expect(await final('FINAL(peek("src/util/math.ts", 2, 3))')).toBe('2:   return a + b;\n3: }');
    expect(((await final('FINAL(peek("big/large.txt"))')) as string).split('\n')).toHaveLength(100);
    expect(await final(`FINAL(peek("${LARGE_FILE}", 150000, 150001))`)).toBe(
      `150000: ${largeFileLine(150000)}\n150001: ${largeFileLine(150001)}`,
    );
    expect(await final('FINAL(peek("src/util/math.ts", 500))')).toBe('(src/util/math.ts has 12 lines; nothing at 500-599)');
    const capped = await run(`FINAL(peek("${LARGE_FILE}", 1, 100000).split("\\n").length)`);
    expect(capped.final?.value).toBe(5000);
    expect(capped.output).toMatch(/at most 5000 lines per call/);
    expect((await run('peek(42)')).error).toMatch(/path must be a string, got number 42\. Usage: peek\(path/);
  });

  it('grep() takes strings and RegExps, with glob, ignoreCase, context and a result limit', async () => {
    expect(await final('FINAL(grep(/todo/i, {glob: "src/**"}).map(m => `${m.path}:${m.line}:${m.column}`))')).toEqual([
      'src/index.ts:4:4',
      'src/util/math.ts:9:4',
    ]);
    expect(await final('FINAL(grep("TODO", {ignoreCase: true, glob: "src/**"}).length)')).toBe(2);
    expect(await final('FINAL(grep("return a \\\\+ b", {contextLines: 1}))')).toEqual([
      {
        path: 'src/util/math.ts',
        line: 2,
        column: 3,
        text: '  return a + b;',
        before: ['export function add(a: number, b: number): number {'],
        after: ['}'],
      },
    ]);
    const limited = await run('FINAL(grep("hello", {maxResults: 1}).length)');
    expect(limited.final?.value).toBe(1);
    expect(limited.output).toMatch(/\[grep: showing the first 1 matching lines; more exist/);
    expect(await final('FINAL(grep("(?<=const )price").map(m => m.text))')).toEqual(['const price = 42;']);
  });

  it('grep() explains bad patterns and options', async () => {
    expect((await run('grep("(unclosed")')).error).toMatch(/not a valid regular expression/);
    expect((await run('grep("x", {max: 3})')).error).toMatch(/unknown option max \(known: glob, ignoreCase, maxResults, contextLines\)/);
    expect((await run('grep("")')).error).toMatch(/pattern must be a non-empty string or a RegExp/);
  });

  it('grep() never shows files outside the workspace or secrets', async () => {
    expect(await final('FINAL(grep("OUTSIDE-SECRET|FAKE-", {maxResults: 0}).map(m => m.path))')).toEqual([]);
  });
});
