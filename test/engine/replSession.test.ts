// A conversation's kept sandbox sees forwarding functions: they must keep what the sandbox plans
// its calls by, so a follow-up's loop over a listing still reads ahead (later paths cross with
// the first, answered at once) instead of crossing once per file.
import { describe, expect, it } from 'vitest';
import { ReplSession } from '../../src/engine/session/replSession.js';
import { QuickJsSandbox } from '../../src/sandbox/quickjs/quickJsSandbox.js';
import type { HostFunction } from '../../src/sandbox/sandbox.js';

const PATHS = Array.from({ length: 40 }, (_, i) => `pkg/mod${i}.py`);

describe('ReplSession', () => {
  it('forwards read-ahead functions as read-ahead, so a loop over a listing asks for many files per crossing', async () => {
    let inFlight = 0;
    let mostAtOnce = 0;
    const functions: HostFunction[] = [
      { name: 'glob', async: false, call: () => PATHS },
      {
        name: 'symbols',
        async: false,
        readAhead: true,
        // Calls of one crossing run at once; blocking calls one by one would never overlap.
        call: async (args) => {
          mostAtOnce = Math.max(mostAtOnce, ++inFlight);
          await new Promise((resolve) => setImmediate(resolve));
          inFlight--;
          return [{ name: `f_${String(args[0])}` }];
        },
      },
    ];
    const session = new ReplSession();
    const { sandbox } = await session.open((o) => QuickJsSandbox.create({ ...o, cellTimeoutMs: 10_000 }), { functions });
    try {
      const result = await sandbox.run('let n = 0; for (const f of glob("**/*.py")) n += symbols(f).length; print(n)');
      expect(result.output).toBe('40\n');
      expect(mostAtOnce).toBeGreaterThan(1);
    } finally {
      sandbox.dispose();
      session.dispose();
    }
  });
});
