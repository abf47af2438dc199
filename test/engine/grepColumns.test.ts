// grep() from model code, with its matches sent as a table made from their columns (grepMatches.ts,
// grepReply.ts): on both engines the guest sees exactly the objects the old row-by-row path gave
// (the tree's rows as the bridge encodes plain JSON), with the array behaviour model code relies on;
// credentials in a file among many clean ones stay redacted, by position, and a match only inside a
// value is dropped while its neighbours stay.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grepReply } from '../../src/engine/repl/grepReply.js';
import { createReplApi } from '../../src/engine/repl/replApi.js';
import { HostBridge } from '../../src/sandbox/hostBridge.js';
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';
import { QuickJsSandbox } from '../../src/sandbox/quickjs/quickJsSandbox.js';
import { TableValue, type Sandbox, type SandboxOptions } from '../../src/sandbox/sandbox.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';

const TOKEN = 'ghp_Q8w2E9r4T7y1U3i5O6p0A2s4D6f8G1h3J5k7';

let dir: string;
let tree: WorkspaceTree;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rlm-grep-columns-'));
  mkdirSync(join(dir, 'pkg'));
  // Many files, several matches each (each file's texts go joined), one match in some (a copy of its text).
  for (let f = 0; f < 40; f++) {
    const body = Array.from({ length: f % 3 === 0 ? 1 : 5 }, (_, i) => `def handler_${f}_${i}(self, événement):  # ✓ 𝄞 "q" \\`);
    writeFileSync(join(dir, 'pkg', `mod_${String(f).padStart(2, '0')}.py`), `${body.join('\n')}\n`);
  }
  // Between the clean files: a credential on a matching line, and a match that exists only inside the value.
  writeFileSync(join(dir, 'pkg', 'mod_20_keys.py'), `def handler_a():\nGITHUB_TOKEN = "${TOKEN}"  # def handler_b\ndef handler_c():\n`);
  writeFileSync(join(dir, 'pkg', 'mod_21_only.py'), `def x():\n    pass\nTOKEN = "${TOKEN}"\n`);
  writeFileSync(join(dir, 'crlf.py'), 'def crlf_one():\r\ndef crlf_two():\r\n');
  // A name past U+00FF, and a line whose only wide character is inside a JSON-looking text.
  writeFileSync(join(dir, 'pkg', 'ünï_✓.py'), 'def handler_wide():  # "\\u2713" ✓\ndef handler_plain(): pass\n');
  writeFileSync(join(dir, 'long.py'), `def long_one(): ${'x'.repeat(3000)}\n`);
  tree = new WorkspaceTree({ roots: [{ path: dir }] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the columns of a grep', () => {
  it('redacts by position: the marked file is rebuilt, a match only inside a value is dropped, the others stay', async () => {
    const rows = (await tree.grep({ pattern: 'def handler_|Q8w2', maxResults: 0 })).matches.rows();
    const keys = rows.filter((m) => m.path === 'pkg/mod_20_keys.py');
    expect(keys.map((m) => m.text)).toEqual([
      'def handler_a():',
      'GITHUB_TOKEN = "«redacted: github-token»"  # def handler_b',
      'def handler_c():',
    ]);
    expect(keys.map((m) => m.column)).toEqual([1, 46, 1]); // found again by rg on the redacted line
    expect(rows.some((m) => m.path === 'pkg/mod_21_only.py')).toBe(false); // its one match was inside the value
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
    expect(rows.filter((m) => m.path === 'pkg/mod_19.py').map((m) => m.line)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.filter((m) => m.path === 'pkg/mod_21.py')).toHaveLength(1);
  });

  it('sends the reply one byte per character: wide characters go escaped, and come back exactly', async () => {
    const matches = (await tree.grep({ pattern: 'def handler_', maxResults: 0 })).matches;
    const value = grepReply(matches);
    const bridge = new HostBridge([{ name: 'grep', async: false, call: () => value }]);
    const reply = await bridge.handle('["grep",[]]', { signal: new AbortController().signal, notice: () => {} });
    expect(matches.rows().some((m) => /[^\0-\xff]/.test(m.path) && /✓/.test(m.text))).toBe(true);
    expect(/[^\0-\xff]/.test(reply)).toBe(false);
    expect(serialize(reply).length).toBeLessThan(reply.length * 1.1); // one byte per character, as it crosses to the isolate
    expect(value instanceof TableValue && value.value()).toEqual(matches.rows());
  });

  it('cuts at maxResults inside a file and keeps the texts of the kept matches', async () => {
    const all = (await tree.grep({ pattern: 'def handler_', maxResults: 0 })).matches.rows();
    const cut = await tree.grep({ pattern: 'def handler_', maxResults: 3 });
    expect(cut.truncated).toBe(true);
    expect(cut.matches.rows()).toEqual(all.slice(0, 3));
  });
});

describe.each<[string, (options: SandboxOptions) => Promise<Sandbox>]>([
  ['isolated-vm', (options) => IsolatedVmSandbox.create(options)],
  ['quickjs', (options) => QuickJsSandbox.create(options)],
])('grep() as columns: %s', (_engine, create) => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    const { api, globals } = createReplApi({ tree });
    sandbox = await create({ functions: api.hostFunctions(), globals, cellTimeoutMs: 20_000 });
  });
  afterAll(() => sandbox.dispose());

  it('gives the model the very rows the tree found, redacted, as plain arrays of plain objects', async () => {
    const expected = (await tree.grep({ pattern: 'def ', maxResults: 0 })).matches.rows();
    expect(expected.length).toBeGreaterThan(100);
    const r = await sandbox.run(
      [
        'const g = grep("def ", {maxResults: 0});',
        'let n = 0; for (const m of g) if (m.text.startsWith("def")) n++;',
        'const spread = [...g].map((m) => ({ ...m }));',
        'FINAL({ json: JSON.stringify(g), length: g.length, n, isArray: Array.isArray(g), keys: Object.keys(g[5]).join(),',
        '  own: g.every((m) => Object.getPrototypeOf(m) === Object.prototype), spread: spread.length,',
        '  files: new Set(g.map((m) => m.path)).size, firsts: g.filter((m) => m.line === 1).length })',
      ].join('\n'),
    );
    expect(r.error).toBeUndefined();
    expect(r.final?.value).toEqual({
      json: JSON.stringify(expected),
      length: expected.length,
      n: expected.filter((m) => m.text.startsWith('def')).length,
      isArray: true,
      keys: 'path,line,column,text',
      own: true,
      spread: expected.length,
      files: new Set(expected.map((m) => m.path)).size,
      firsts: expected.filter((m) => m.line === 1).length,
    });
    expect(r.final?.value).not.toHaveProperty('json', expect.stringContaining(TOKEN));
    const printed = await sandbox.run('print(grep("def crlf_", {maxResults: 0}))');
    expect(printed.output).toBe(
      '[\n  { path: "crlf.py", line: 1, column: 1, text: "def crlf_one():" },\n  { path: "crlf.py", line: 2, column: 1, text: "def crlf_two():" }\n]\n',
    );
  });

  it('behaves as a plain array of plain objects under what sloppy model code does to it', async () => {
    // The same battery over grep()'s rows (decoded from the table, run by run) and over a plain
    // JSON copy of them: every answer and everything printed must be the same.
    const battery = (source: string) =>
      [
        `const r = ${source};`,
        'const out = [r.length, r[0].text, Array.isArray(r), Object.keys(r[3]).join(), Object.keys(r).length, JSON.stringify(r.slice(2, 5))];',
        'let lines = 0; for (const m of r) lines += m.line; out.push(lines);',
        'out.push(r.map((m) => m.column).join(), r.filter((m) => m.path.endsWith("mod_07.py")).length, [...r].length, r.indexOf(r[9]));',
        'r[5].line = 0; r[6].extra = true; delete r[7].column; r.push({ path: "x", line: 1, column: 1, text: "pushed" });',
        'r.sort((a, b) => a.line - b.line || (a.path < b.path ? -1 : 1));',
        'out.push(JSON.stringify(r), r.length, r[0].line, Object.entries(r[r.length - 1]).join(), r.some((m) => m.extra));',
        'print(r.slice(0, 3)); print(r.length, r[r.length - 1]);',
        'FINAL(out)',
      ].join('\n');
    const pattern = 'grep("def handler_", {maxResults: 0})';
    const table = await sandbox.run(battery(pattern));
    const plain = await sandbox.run(battery(`JSON.parse(JSON.stringify(${pattern}))`));
    expect(table.error).toBeUndefined();
    expect(table.final?.value).toEqual(plain.final?.value);
    expect(table.output).toBe(plain.output);
    expect((table.final?.value as unknown[])[0]).toBeGreaterThan(100);
  });

  it('sends context lines, multiline matches and empty results as before', async () => {
    const context = (await tree.grep({ pattern: 'handler_c', maxResults: 0, contextLines: 1 })).matches.rows();
    const r = await sandbox.run(
      'FINAL([JSON.stringify(grep("handler_c", {maxResults: 0, contextLines: 1})), JSON.stringify(grep(/crlf_one.*\\n.*two/s, {maxResults: 0})), grep("nothing-here-at-all").length])',
    );
    expect(r.error).toBeUndefined();
    const [withContext, multiline, none] = r.final?.value as [string, string, number];
    expect(JSON.parse(withContext)).toEqual(context);
    expect(JSON.parse(withContext)[0].before).toEqual(['GITHUB_TOKEN = "«redacted: github-token»"  # def handler_b']);
    expect(JSON.parse(multiline)).toEqual([{ path: 'crlf.py', line: 1, column: 5, text: 'def crlf_one():\r\ndef crlf_two():' }]);
    expect(none).toBe(0);
  });
});
