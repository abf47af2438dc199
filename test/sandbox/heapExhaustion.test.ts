// Heap exhaustion by many small allocations: V8 cannot unwind from it (a fatal, process-wide
// abort when the isolate shares the host's process), so on isolated-vm it must end only the
// isolate's own process. On both engines: a clear memory-limit message, a restart, a working next cell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { ENGINES } from '../security/securityHarness.js';

const BOMBS: Array<[string, string]> = [
  ['object properties', 'let o = {}; for (let i = 0; ; i++) o["k" + i] = i;'],
  ['Map entries', 'let m = new Map(); for (let i = 0; ; i++) m.set("k" + i, i);'],
];

for (const engine of ENGINES) {
  describe(`heap exhaustion: ${engine.name}`, () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await engine.create({ functions: [], globals: { query: 'q' }, cellTimeoutMs: 60_000, memoryMb: 16 });
    });
    afterAll(() => sandbox.dispose());

    it.each(BOMBS)(
      '%s: the memory limit, a restart, and the next cell works',
      async (_name, code) => {
        await sandbox.run('const before = 1');
        const r = await sandbox.run(code);
        expect(r.error).toMatch(/^The cell used more than the 16 MB memory limit, so the sandbox was restarted/);
        expect(r.restarted).toBe(true);
        expect((await sandbox.run('typeof before')).value).toBe('undefined');
        expect((await sandbox.run('query + 1')).value).toBe('q1');
      },
      60_000,
    );
  });
}
