// Engine selection: `auto` uses isolated-vm where its native module loads and quickjs where it
// does not, deciding once; explicit choices are honoured, and failures say what to do.
import { describe, expect, it } from 'vitest';
import { SandboxEngines, type EngineStarter, type WarmSlot } from '../../src/sandbox/createSandbox.js';

const ABI_MISMATCH =
  "The module '/ext/isolated_vm.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115.\nThis version of Node.js requires NODE_MODULE_VERSION 130.";
const brokenIsolatedVm: EngineStarter = () => Promise.reject(new Error(ABI_MISMATCH));

describe('SandboxEngines', () => {
  it('auto runs isolated-vm where it loads, and says so once', async () => {
    const choices: string[] = [];
    const engines = new SandboxEngines({ onAutoChoice: (engine, why) => choices.push(`${engine}: ${why}`) });
    const first = await engines.create({ functions: [] });
    const second = await engines.create({ functions: [] });
    expect([first.engine, second.engine]).toEqual(['isolated-vm', 'isolated-vm']);
    expect(choices).toEqual(['isolated-vm: its native module loaded']);
    first.dispose();
    second.dispose();
  });

  it('auto falls back to quickjs where isolated-vm cannot load, tries isolated-vm only once, and says why', async () => {
    let attempts = 0;
    const choices: string[] = [];
    const engines = new SandboxEngines({
      starters: { 'isolated-vm': (o, warm) => (attempts++, brokenIsolatedVm(o, warm)) },
      onAutoChoice: (engine, why) => choices.push(`${engine}: ${why}`),
    });
    const first = await engines.create({ functions: [] });
    const second = await engines.create({ functions: [] });
    expect([first.engine, second.engine]).toEqual(['quickjs', 'quickjs']);
    expect(attempts).toBe(1);
    expect(choices).toEqual(['quickjs: isolated-vm cannot run in this host: ' + ABI_MISMATCH.split('\n')[0]!.replace(/\.$/, '')]);
    expect((await first.run('FINAL(6 * 7)')).final?.text).toBe('42');
    first.dispose();
    second.dispose();
  });

  it('honours an explicit engine, without trying the other', async () => {
    const engines = new SandboxEngines({ starters: { 'isolated-vm': () => Promise.reject(new Error('must not be tried')) } });
    const sandbox = await engines.create({ functions: [] }, 'quickjs');
    expect(sandbox.engine).toBe('quickjs');
    sandbox.dispose();
  });

  it('keeps no spare in a scope of engines made without spares (one sandbox per process), and one by default', async () => {
    const slots: WarmSlot[] = [];
    const recording: EngineStarter = (options, warm) => (slots.push(warm), new SandboxEngines().create(options, 'quickjs'));
    const spare = { dispose: () => {} };
    for (const spares of [false, undefined]) {
      const scope = new SandboxEngines({ starters: { quickjs: recording }, spares }).scope('quickjs');
      (await scope.create({ functions: [] })).dispose();
      scope.dispose();
    }
    // isolated-vm forks the next process only when `spares` holds; quickjs boots one only into a slot that takes it.
    expect(slots.map((slot) => slot.spares)).toEqual([false, true]);
    expect(slots[0]!.get(() => spare)).toBeUndefined();
  });

  it('explains a forced isolated-vm that cannot load, pointing at the other engine', async () => {
    const engines = new SandboxEngines({ starters: { 'isolated-vm': brokenIsolatedVm } });
    await expect(engines.create({ functions: [] }, 'isolated-vm')).rejects.toThrow(
      /^The isolated-vm sandbox could not start: .*NODE_MODULE_VERSION 115\. Set the sandbox engine to "auto" or "quickjs"/,
    );
  });
});
