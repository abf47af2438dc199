import { describe, expect, it } from 'vitest';
import { HostBridge, MAX_READ_AHEAD } from '../../src/sandbox/hostBridge.js';
import { JsonText, type CallScope, type HostFunction } from '../../src/sandbox/sandbox.js';
import { readAheadReplies, readAheadTexts } from '../support/readAhead.js';

const scope = (): CallScope => ({ signal: new AbortController().signal, notice: () => {} });
const functions: HostFunction[] = [
  { name: 'symbols', async: false, readAhead: true, call: (args) => [String(args[0])] },
  { name: 'peek', async: false, call: (args) => String(args[0]) },
];

describe('HostBridge read-ahead', () => {
  const bridge = new HostBridge(functions);

  it('answers the first call and each further path in one text: their lengths, then each reply', async () => {
    const text = await bridge.handle(JSON.stringify(['symbols', ['a.py'], [['b.py'], ['c.py']]]), scope());
    expect(text).toBe(
      '{"ok":true,"ahead":[28,28,28]}\n{"ok":true,"value":["a.py"]}{"ok":true,"value":["b.py"]}{"ok":true,"value":["c.py"]}',
    );
    expect(readAheadReplies(text)).toEqual([
      { ok: true, value: ['a.py'] },
      { ok: true, value: ['b.py'] },
      { ok: true, value: ['c.py'] },
    ]);
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

describe('HostBridge, results already encoded', () => {
  // A symbol list as the cache stores it: JSON text with a spacing JSON.stringify would not make,
  // so a decode and encode on the way would show.
  const stored = '[ {"name":"area","kind":"function","startLine":1,"endLine":2} ]';
  const bridge = new HostBridge([
    {
      name: 'symbols',
      async: false,
      readAhead: true,
      call: (args, scope) => {
        if (args[0] === 'b.py') scope.notice('[symbols: b.py: the file has syntax errors]');
        return new JsonText(stored);
      },
    },
  ]);

  it('hands the text on as it is, with the notices of each call in a read-ahead', async () => {
    expect(await bridge.handle(JSON.stringify(['symbols', ['a.py']]), scope())).toBe(`{"ok":true,"value":${stored}}`);
    const batch = await bridge.handle(JSON.stringify(['symbols', ['a.py'], [['b.py']]]), scope());
    expect(readAheadTexts(batch)).toEqual([
      `{"ok":true,"value":${stored}}`,
      `{"ok":true,"value":${stored},"notes":["[symbols: b.py: the file has syntax errors]"]}`,
    ]);
    expect(readAheadReplies(batch)[1]).toMatchObject({ value: [{ name: 'area', kind: 'function', startLine: 1, endLine: 2 }] });
  });
});

describe('HostBridge read-ahead, replies at hand and awaited', () => {
  // A warm file's symbols come at once, a cold one's after a parse: the batch keeps the paths' order and each one's notices.
  const bridge = new HostBridge([
    {
      name: 'symbols',
      async: false,
      readAhead: true,
      call: (args, scope) => {
        const path = String(args[0]);
        scope.notice(`[${path}]`);
        if (path === 'gone.py') throw new Error('gone.py is not a file');
        return path.startsWith('cold') ? new Promise((resolve) => setTimeout(() => resolve([path]), 5)) : [path];
      },
    },
  ]);

  it('answers each in its place, a failure included', async () => {
    const paths = ['warm1.py', 'cold1.py', 'gone.py', 'warm2.py', 'cold2.py'];
    const text = await bridge.handle(JSON.stringify(['symbols', [paths[0]], paths.slice(1).map((p) => [p])]), scope());
    expect(readAheadReplies(text)).toEqual(
      paths.map((path) =>
        path === 'gone.py'
          ? { ok: false, error: 'gone.py is not a file', notes: ['[gone.py]'] }
          : { ok: true, value: [path], notes: [`[${path}]`] },
      ),
    );
  });
});
