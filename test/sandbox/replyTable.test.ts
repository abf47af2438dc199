// Long, same-shaped results (grep's matches) cross the boundary as columns; the guest must see
// exactly the objects the host returned, on both engines, and anything else as plain JSON.
import { describe, expect, it } from 'vitest';
import { toTable } from '../../src/sandbox/replyTable.js';
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';
import { QuickJsSandbox } from '../../src/sandbox/quickjs/quickJsSandbox.js';
import type { HostFunction, JsonValue, Sandbox, SandboxOptions } from '../../src/sandbox/sandbox.js';

const matches: JsonValue = Array.from({ length: 500 }, (_, i) => ({
  path: `pkg/module_${i % 7}.py`,
  line: i + 1,
  column: (i % 9) + 1,
  text: i % 50 === 0 ? '' : `    def handler_${i}(self, événement):  # ${'x'.repeat(i % 13)}`,
}));
const mixed: JsonValue = Array.from({ length: 100 }, (_, i): JsonValue =>
  i === 50 ? { path: 'a.py', line: 1, column: 1, text: 'x', before: ['y'] } : { path: 'a.py', line: i, column: 1, text: 'x' },
);

describe('toTable', () => {
  it('turns long arrays of same-keyed objects into columns, repeated strings into a dictionary', () => {
    const table = toTable(matches)!;
    expect(table.keys).toEqual(['path', 'line', 'column', 'text']);
    expect(table.cols[0]).toEqual({
      dict: Array.from({ length: 7 }, (_, i) => `pkg/module_${i}.py`),
      idx: Array.from({ length: 500 }, (_, i) => i % 7),
    });
    expect(Array.isArray(table.cols[3])).toBe(true); // mostly distinct strings stay a plain column
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
});

const functions: HostFunction[] = [
  { name: 'matches', async: false, call: () => matches },
  { name: 'matchesLater', async: true, call: async () => matches },
  { name: 'mixed', async: false, call: () => mixed },
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
    } finally {
      sandbox.dispose();
    }
  });
});
