import { describe, expect, it } from 'vitest';
import { HostBridge, MAX_READ_AHEAD } from '../../src/sandbox/hostBridge.js';
import type { CallScope, HostFunction } from '../../src/sandbox/sandbox.js';

const scope = (): CallScope => ({ signal: new AbortController().signal, notice: () => {} });
const functions: HostFunction[] = [
  { name: 'symbols', async: false, readAhead: true, call: (args) => [String(args[0])] },
  { name: 'peek', async: false, call: (args) => String(args[0]) },
];

describe('HostBridge read-ahead', () => {
  const bridge = new HostBridge(functions);

  it('answers the first call and each further path in one batch', async () => {
    const reply = JSON.parse(await bridge.handle(JSON.stringify(['symbols', ['a.py'], [['b.py'], ['c.py']]]), scope()));
    expect(reply).toEqual({
      ok: true,
      batch: [
        { ok: true, value: ['a.py'] },
        { ok: true, value: ['b.py'] },
        { ok: true, value: ['c.py'] },
      ],
    });
  });

  it('refuses a read-ahead for a function that does not take one, and one too long', async () => {
    const peek = JSON.parse(await bridge.handle(JSON.stringify(['peek', ['a.py'], [['b.py']]]), scope()));
    expect(peek).toEqual({ ok: false, error: 'peek() takes no read-ahead' });
    const many = Array.from({ length: MAX_READ_AHEAD + 1 }, (_, i) => [`f${i}.py`]);
    const long = JSON.parse(await bridge.handle(JSON.stringify(['symbols', ['a.py'], many]), scope()));
    expect(long).toEqual({ ok: false, error: 'malformed request' });
    const twoArgs = JSON.parse(await bridge.handle(JSON.stringify(['symbols', ['a.py'], [['b.py', 'x']]]), scope()));
    expect(twoArgs).toEqual({ ok: false, error: 'malformed request' });
  });

  it('tells the guest which functions read ahead', () => {
    expect(bridge.functions).toEqual([
      { name: 'symbols', async: false, readAhead: true },
      { name: 'peek', async: false },
    ]);
  });
});
