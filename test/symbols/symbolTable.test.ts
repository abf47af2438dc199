// symbols() results as the pack stores them (format 4): columns the guest rebuilds on both
// engines into the very objects a parse gave — the same keys in the same order, no `container`
// key on a top-level definition — from a single call and from a read-ahead batch alike.
import { describe, expect, it } from 'vitest';
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';
import { QuickJsSandbox } from '../../src/sandbox/quickjs/quickJsSandbox.js';
import type { HostFunction, Sandbox, SandboxOptions } from '../../src/sandbox/sandbox.js';
import { storeSymbols, symbolListText } from '../../src/symbols/symbolPack.js';
import type { ExtractedSymbol, SymbolInfo } from '../../src/symbols/types.js';

const symbol = (name: string, kind: string, startLine: number, container?: string): ExtractedSymbol => ({
  name,
  kind,
  startLine,
  endLine: startLine + 3,
  sliceStartLine: startLine - 1,
  ...(container ? { container } : {}),
});

/** A class with methods (one container repeated), names that are risky keys, non-ASCII names and containers. */
const parsed: Record<string, ExtractedSymbol[]> = {
  'shapes.py': [
    symbol('Circle', 'class', 1),
    symbol('__init__', 'method', 2, 'Circle'),
    symbol('__proto__', 'method', 6, 'Circle'),
    symbol('constructor', 'function', 10),
    symbol('größe', 'function', 14),
    symbol('Inner', 'class', 18, 'Circle'),
    symbol('naïve', 'method', 19, 'Circle.Inner'),
    symbol('"quoted"\\', 'constant', 30),
  ],
  'one.py': [symbol('main', 'function', 1)],
  'empty.py': [],
};
const infos = (symbols: readonly ExtractedSymbol[]): SymbolInfo[] => symbols.map(({ sliceStartLine: _s, ...info }) => info);
const stored = (path: string) => symbolListText(storeSymbols(parsed[path]!, 40));

const functions: HostFunction[] = [
  { name: 'symbols', async: false, readAhead: true, call: (args) => stored(String(args[0])) },
  { name: 'files', async: false, call: () => Object.keys(parsed) },
];

describe('symbols() as stored columns', () => {
  it('goes as a table, and decodes on the host to the objects that were stored', () => {
    expect(stored('shapes.py').table).toBe(true);
    expect(stored('empty.py')).toMatchObject({ table: false, text: '[]' });
    for (const path of Object.keys(parsed)) {
      expect(stored(path).value()).toStrictEqual(infos(parsed[path]!)); // no container key where there was none
      expect(JSON.stringify(stored(path).value())).toBe(JSON.stringify(infos(parsed[path]!))); // keys in the same order
    }
  });

  it('stays plain JSON when a symbol has a shape the table cannot give back', () => {
    const odd = [{ kind: 'function', name: 'f', startLine: 1, endLine: 2, sliceStartLine: 1 }];
    const text = symbolListText(storeSymbols(odd, 2));
    expect(text.table).toBe(false);
    expect(Object.keys(text.value()[0]!)).toEqual(['kind', 'name', 'startLine', 'endLine']);
  });
});

describe.each<[string, (options: SandboxOptions) => Promise<Sandbox>]>([
  ['isolated-vm', (options) => IsolatedVmSandbox.create(options)],
  ['quickjs', (options) => QuickJsSandbox.create(options)],
])('symbols() from stored columns: %s', (_engine, create) => {
  it('rebuilds the objects a parse gave, one call or read ahead', async () => {
    const sandbox = await create({ functions });
    try {
      const r = await sandbox.run(
        [
          'const one = symbols("shapes.py");',
          'const all = files().map((f) => symbols(f));', // a loop over a listing: read ahead in one batch
          'FINAL({ json: all.map((s) => JSON.stringify(s)), same: JSON.stringify(one) === JSON.stringify(all[0]),',
          '  keys: one.map((s) => Object.keys(s).join()), hasContainer: one.map((s) => "container" in s),',
          '  plain: one.every((s) => Object.getPrototypeOf(s) === Object.prototype), risky: one[2].name })',
        ].join('\n'),
      );
      expect(r.error).toBeUndefined();
      const shapes = infos(parsed['shapes.py']!);
      expect(r.final?.value).toEqual({
        json: Object.values(parsed).map((symbols) => JSON.stringify(infos(symbols))),
        same: true,
        keys: shapes.map((s) => Object.keys(s).join()),
        hasContainer: [false, true, true, false, false, true, true, false],
        plain: true,
        risky: '__proto__',
      });
    } finally {
      sandbox.dispose();
    }
  });
});
