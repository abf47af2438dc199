import { expect, it } from 'vitest';
import { QuickJsSandbox } from '../../src/sandbox/quickjs/quickJsSandbox.js';
import { describeSandboxContract } from './sandboxContract.js';

describeSandboxContract('quickjs', (options) => QuickJsSandbox.create(options));

// Thousands of calls in flight grow the WebAssembly heap while their promises are made; a promise
// made through a view of the heap from before the growth failed with "detached ArrayBuffer".
it('quickjs: 10,000 parallel async host calls, the heap growing meanwhile, all settle', async () => {
  const sandbox = await QuickJsSandbox.create({
    functions: [{ name: 'echo', async: true, call: async (args) => args[0] ?? null }],
    memoryMb: 64,
  });
  try {
    for (let round = 0; round < 3; round++) {
      const result = await sandbox.run(
        `const got${round} = await Promise.all(Array.from({ length: 10000 }, (_, i) => echo("part " + i))); got${round}.length + ":" + got${round}[9999]`,
      );
      expect(result.error).toBeUndefined();
      expect(result.value).toBe('10000:part 9999');
    }
  } finally {
    sandbox.dispose();
  }
}, 60_000);
