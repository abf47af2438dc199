// Send-ahead (isolatedVmSandbox.ts): while the guest uses one read-ahead batch, the host answers
// the batch the guest named as its next and sends it unasked; the guest's call of it is answered
// in the isolate process. Each path is still looked up once, notices print where the code asks,
// and a loop that goes elsewhere, or a new cell, never gets a batch answered for another request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';
import type { CallScope, HostFunction, JsonValue, Sandbox } from '../../src/sandbox/sandbox.js';

describe('isolated-vm: send-ahead of read-ahead batches', () => {
  let sandbox: Sandbox;
  let log: string[] = [];
  let version = 1;
  const functions: HostFunction[] = [
    { name: 'paths', async: false, call: (args) => Array.from({ length: Number(args[0]) }, (_, i) => `f${i}.py`) },
    {
      name: 'look',
      async: false,
      readAhead: true,
      call: (args, scope: CallScope): JsonValue => {
        const path = String(args[0]);
        log.push(path);
        if (path === 'f20.py') scope.notice(`[look: ${path} has syntax errors]`);
        return { path, version };
      },
    },
    { name: 'mark', async: false, call: () => (log.push('mark'), null) },
  ];
  beforeAll(async () => {
    sandbox = await IsolatedVmSandbox.create({ functions, cellTimeoutMs: 10_000 });
  });
  afterAll(() => sandbox.dispose());

  it('answers the next batch before the guest asks for it, and looks each path up once', async () => {
    log = [];
    const r = await sandbox.run(
      'let n = 0; for (const f of paths(600)) { if (look(f).path === f) n++; mark(); if (f === "f20.py") print("after", f) } n',
    );
    expect(r.error).toBeUndefined();
    expect(r.value).toBe('600');
    // The first batch (f0 and 4 ahead), then the next one (f5 and 16 ahead) before the first mark().
    expect(log.slice(0, 22)).toEqual(Array.from({ length: 22 }, (_, i) => `f${i}.py`));
    const looks = log.filter((entry) => entry !== 'mark');
    expect(looks).toHaveLength(600);
    expect(new Set(looks).size).toBe(600);
    expect(r.output).toBe('[look: f20.py has syntax errors]\nafter f20.py\n');
  });

  it('answers a loop that leaves the listing with what it asks for', async () => {
    log = [];
    const r = await sandbox.run(
      'const got = []; const all = paths(40); for (let i = 0; i < 40; i += 3) got.push(look(all[i]).path); got.join(",")',
    );
    expect(r.value).toBe(Array.from({ length: 14 }, (_, k) => `f${k * 3}.py`).join(','));
  });

  it('keeps nothing sent ahead for the next cell', async () => {
    await sandbox.run('var listed = paths(100); look(listed[0])'); // the batch after it is sent ahead meanwhile
    version = 2; // the files changed between the cells
    const r = await sandbox.run('const seen = []; for (let i = 5; i < 14; i++) seen.push(look(listed[i]).version); seen.join(",")');
    expect(r.value).toBe('2,2,2,2,2,2,2,2,2');
    version = 1;
  });
});
