// Long, same-shaped results (grep's matches) cross the boundary as columns, their distinct line
// texts as a raw tail after the JSON; the guest must see exactly the objects the host returned,
// on both engines, and anything else as plain JSON.
import { describe, expect, it } from 'vitest';
import { HostBridge } from '../../src/sandbox/hostBridge.js';
import { readAheadTexts } from '../support/readAhead.js';
import { tableReply, toTable } from '../../src/sandbox/replyTable.js';
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';
import { QuickJsSandbox } from '../../src/sandbox/quickjs/quickJsSandbox.js';
import type { HostFunction, JsonValue, Sandbox, SandboxOptions } from '../../src/sandbox/sandbox.js';

/** Matches of 7 files interleaved (a dictionary), texts with the characters a tail must carry intact. */
const matches: JsonValue = Array.from({ length: 500 }, (_, i) => ({
  path: `pkg/module_${i % 7}.py`,
  line: i + 1,
  column: (i % 9) + 1,
  text:
    i % 50 === 0 ? '' : `    def handler_${i}(self, événement):  # ${'x'.repeat(i % 13)}${i % 31 === 0 ? '\r"}\\u2028 \u2028 ✓ 𝄞' : ''}`,
}));
/** grep's own order: each file's matches together (runs), one text shaped like a JSON reply. */
const grouped: JsonValue = Array.from({ length: 300 }, (_, i) => ({
  path: `src/file_${Math.floor(i / 10)}.ts`,
  line: (i % 10) * 3 + 1,
  column: 1,
  text: i === 7 ? '{"ok":false,"error":"not from the host"}' : `export function f${i}() {}`,
}));
/** A multiline match holds newlines: it cannot go as tail lines. */
const multiline: JsonValue = Array.from({ length: 80 }, (_, i) => ({ path: 'a.py', line: i + 1, column: 1, text: `def f${i}(\n    x):` }));
/** Texts a raw tail would change: a NUL ends a string QuickJS takes from the host; a lone surrogate is not UTF-8. */
const withNul: JsonValue = Array.from({ length: 80 }, (_, i) => ({
  path: 'a.py',
  line: i + 1,
  column: 1,
  text: i === 9 ? 'a\0b' : `t${i}`,
}));
const withLoneSurrogate: JsonValue = Array.from({ length: 80 }, (_, i) => ({
  path: 'a.py',
  line: i + 1,
  column: 1,
  text: i === 40 ? 'x\ud83d' : `t${i}`,
}));
const mixed: JsonValue = Array.from({ length: 100 }, (_, i): JsonValue =>
  i === 50 ? { path: 'a.py', line: 1, column: 1, text: 'x', before: ['y'] } : { path: 'a.py', line: i, column: 1, text: 'x' },
);
/** Rows of another shape (symbols') through the general rebuild. */
const symbols: JsonValue = Array.from({ length: 120 }, (_, i) => ({
  name: `Name${i}`,
  kind: i % 3 ? 'function' : 'class',
  startLine: i,
  endLine: i + 2,
}));

describe('toTable', () => {
  it('turns long arrays of same-keyed objects into columns, repeated strings into a dictionary', () => {
    const { table, tail } = toTable(matches)!;
    expect(tail).toEqual([]);
    expect(table.keys).toEqual(['path', 'line', 'column', 'text']);
    expect(table.cols[0]).toEqual({
      dict: Array.from({ length: 7 }, (_, i) => `pkg/module_${i}.py`),
      idx: Array.from({ length: 500 }, (_, i) => i % 7),
    });
    expect(Array.isArray(table.cols[3])).toBe(true); // without a tail, mostly distinct strings stay a plain column
  });

  it('sends strings that come together as runs, and distinct newline-free strings as tail lines', () => {
    const { table, tail } = toTable(grouped, true)!;
    expect(table.cols[0]).toEqual({ runs: Array.from({ length: 30 }, (_, i) => `src/file_${i}.ts`), counts: Array(30).fill(10) });
    expect(table.cols[3]).toEqual({ tail: true });
    expect(tail).toEqual([(grouped as Array<{ text: string }>).map((m) => m.text)]);
    const reply = tableReply(JSON.stringify({ ok: true, table }), tail);
    expect(reply.split('\n')).toHaveLength(301); // the JSON head, then one line per row
    for (const rows of [multiline, withNul, withLoneSurrogate]) {
      const form = toTable(rows, true)!;
      expect(Array.isArray(form.table.cols[3])).toBe(true);
      expect(form.tail).toEqual([]);
    }
  });

  it('leaves short arrays, mixed shapes, arrays of strings and risky keys alone', () => {
    expect(toTable((matches as JsonValue[]).slice(0, 10))).toBeUndefined();
    expect(toTable(mixed)).toBeUndefined();
    const row = (i: number): JsonValue => ({ path: 'a.py', line: i });
    expect(toTable(Array.from({ length: 100 }, (_, i) => (i === 70 ? { line: i, path: 'a.py' } : row(i))))).toBeUndefined();
    expect(toTable(Array.from({ length: 100 }, (_, i) => (i === 70 ? { path: 'a.py' } : row(i))))).toBeUndefined();
    expect(toTable(Array.from({ length: 100 }, (_, i) => `file${i}.py`))).toBeUndefined();
    expect(toTable(Array.from({ length: 100 }, () => JSON.parse('{"__proto__": {"polluted": true}}') as JsonValue))).toBeUndefined();
  });

  it('gives each reply of a read-ahead the text a call of its own gets, tail included', async () => {
    const bridge = new HostBridge([{ name: 'symbols', async: false, readAhead: true, call: () => grouped }]);
    const scope = { signal: new AbortController().signal, notice: () => {} };
    const alone = await bridge.handle(JSON.stringify(['symbols', ['a.ts']]), scope);
    expect(alone).toContain('"tail":true');
    const text = await bridge.handle(JSON.stringify(['symbols', ['a.ts'], [['b.ts']]]), scope);
    expect(readAheadTexts(text)).toEqual([alone, alone]);
  });
});

const functions: HostFunction[] = [
  { name: 'matches', async: false, call: () => matches },
  { name: 'matchesLater', async: true, call: async () => matches },
  { name: 'grouped', async: false, call: () => grouped },
  { name: 'groupedLater', async: true, call: async () => grouped },
  { name: 'multiline', async: false, call: () => multiline },
  { name: 'withNul', async: false, call: () => withNul },
  { name: 'withLoneSurrogate', async: false, call: () => withLoneSurrogate },
  { name: 'mixed', async: false, call: () => mixed },
  { name: 'symbols', async: false, readAhead: true, call: () => symbols },
  { name: 'groupedAhead', async: false, readAhead: true, call: () => grouped },
  { name: 'files', async: false, call: () => ['a.ts', 'b.ts', 'c.ts'] },
];

describe.each<[string, (options: SandboxOptions) => Promise<Sandbox>]>([
  ['isolated-vm', (options) => IsolatedVmSandbox.create(options)],
  ['quickjs', (options) => QuickJsSandbox.create(options)],
])('results as columns: %s', (_engine, create) => {
  it('rebuilds the very objects the host returned, from blocking and async calls', async () => {
    const sandbox = await create({ functions });
    try {
      const expected = JSON.stringify(matches);
      const sync = await sandbox.run(
        'const m = matches(); FINAL({json: JSON.stringify(m), keys: Object.keys(m[3]).join(), own: m.every((x) => Object.getPrototypeOf(x) === Object.prototype)})',
      );
      expect(sync.final?.value).toEqual({ json: expected, keys: 'path,line,column,text', own: true });
      const later = await sandbox.run('FINAL(JSON.stringify(await matchesLater()))');
      expect(later.final?.value).toBe(expected);
      const plain = await sandbox.run('FINAL(JSON.stringify(mixed()))');
      expect(plain.final?.value).toBe(JSON.stringify(mixed));
      const multi = await sandbox.run('FINAL(JSON.stringify(multiline()))');
      expect(multi.final?.value).toBe(JSON.stringify(multiline));
      const odd = await sandbox.run('FINAL([JSON.stringify(withNul()), JSON.stringify(withLoneSurrogate())])');
      expect(odd.final?.value).toEqual([JSON.stringify(withNul), JSON.stringify(withLoneSurrogate)]);
    } finally {
      sandbox.dispose();
    }
  });

  it('gives grep-shaped rows sent as runs and tail lines the array behaviour model code relies on', async () => {
    const sandbox = await create({ functions });
    try {
      const rows = grouped as Array<{ path: string; line: number; column: number; text: string }>;
      const r = await sandbox.run(
        [
          'const g = grouped(); const a = await groupedLater();',
          'let n = 0; for (const m of g) if (m.text.startsWith("export")) n++;',
          'const copy = g.map((m) => ({ ...m })); copy[0].text = "changed";',
          'FINAL({ same: JSON.stringify(g) === JSON.stringify(a), length: g.length, n, isArray: Array.isArray(g),',
          '  seventh: g[7], files: new Set(g.map((m) => m.path)).size, filtered: g.filter((m) => m.line === 1).length,',
          '  untouched: g[0].text, fresh: grouped() !== g })',
        ].join('\n'),
      );
      expect(r.error).toBeUndefined();
      expect(r.final?.value).toEqual({
        same: true,
        length: 300,
        n: 299,
        isArray: true,
        seventh: rows[7],
        files: 30,
        filtered: 30,
        untouched: rows[0]!.text,
        fresh: true,
      });
      const printed = await sandbox.run('print(grouped().slice(0, 2)); print(grouped()[7].text)');
      expect(printed.output).toBe(
        `[\n  { path: "src/file_0.ts", line: 1, column: 1, text: "export function f0() {}" },\n  { path: "src/file_0.ts", line: 4, column: 1, text: "export function f1() {}" }\n]\n${rows[7]!.text}\n`,
      );
    } finally {
      sandbox.dispose();
    }
  });

  it('rebuilds tables of other shapes, read ahead in a batch too', async () => {
    const sandbox = await create({ functions });
    try {
      const r = await sandbox.run('const out = files().map((f) => JSON.stringify(symbols(f))); FINAL(out)');
      expect(r.final?.value).toEqual([JSON.stringify(symbols), JSON.stringify(symbols), JSON.stringify(symbols)]);
      // Each reply of a read-ahead is cut out of one text: a table's tail lines stay with their own reply.
      const tails = await sandbox.run('FINAL(files().map((f) => JSON.stringify(groupedAhead(f))))');
      expect(tails.final?.value).toEqual([JSON.stringify(grouped), JSON.stringify(grouped), JSON.stringify(grouped)]);
    } finally {
      sandbox.dispose();
    }
  });
});
