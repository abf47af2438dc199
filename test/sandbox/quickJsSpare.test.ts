// The quickjs warm spare: a worker booted ahead is what the next sandbox of the run takes, it is
// configured for that sandbox alone, nothing of an earlier sandbox reaches it, and none outlives
// its run, cancelled or not.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { askInWorkspace } from '../../src/host/question.js';
import { SandboxEngines } from '../../src/sandbox/createSandbox.js';
import { QuickJsSandbox, QuickJsSpare } from '../../src/sandbox/quickjs/quickJsSandbox.js';
import { bootWorker, type BootedWorker } from '../../src/sandbox/quickjs/quickJsSpare.js';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/sandbox.js';
import { js, lastUserMessage, ScriptedModel } from '../support/scriptedModel.js';

/** Boots real workers and remembers each, with whether its thread has ended. */
class RecordingBoot {
  readonly workers: Array<BootedWorker & { exited: boolean }> = [];

  readonly boot = async (memoryBytes: number): Promise<BootedWorker> => {
    const booted = await bootWorker(memoryBytes);
    const entry = Object.assign(booted, { exited: false });
    booted.worker.once('exit', () => (entry.exited = true));
    this.workers.push(entry);
    return booted;
  };

  /** Resolves once `count` workers have booted. */
  async booted(count: number): Promise<void> {
    await vi.waitFor(() => expect(this.workers.length).toBeGreaterThanOrEqual(count), { timeout: 20_000, interval: 10 });
  }

  async allExited(): Promise<void> {
    await vi.waitFor(() => expect(this.workers.map((w) => w.exited)).toEqual(this.workers.map(() => true)), {
      timeout: 10_000,
      interval: 20,
    });
  }
}

const whoAmI = (name: string): SandboxOptions => ({
  functions: [{ name: `${name}Name`, async: false, call: () => name }],
  globals: { query: `the ${name} question` },
  memoryMb: 64,
});

describe('quickjs warm spare', () => {
  const open: Sandbox[] = [];
  afterEach(() => open.splice(0).forEach((s) => s.dispose()));
  const create = async (options: SandboxOptions, spare?: QuickJsSpare) => {
    const sandbox = await QuickJsSandbox.create(options, spare);
    open.push(sandbox);
    return sandbox;
  };

  it('the next sandbox takes the booted spare, and a new spare boots after it', async () => {
    const boots = new RecordingBoot();
    const spare = new QuickJsSpare(boots.boot);
    await create(whoAmI('first'), spare);
    await boots.booted(2); // its own worker, then the spare
    const second = await create(whoAmI('second'), spare);
    await boots.booted(3); // the refill
    second.dispose();
    await vi.waitFor(() => expect(boots.workers[1]!.exited).toBe(true));
    expect(boots.workers.map((w) => w.exited)).toEqual([false, true, false]);
    spare.dispose();
  }, 30_000);

  it('a spare runs with the config of the sandbox that took it, and nothing of the sandbox before', async () => {
    const boots = new RecordingBoot();
    const spare = new QuickJsSpare(boots.boot);
    const first = await create(whoAmI('first'), spare);
    await first.run('globalThis.leak = firstName(); var kept = 1; const shadow = 2; Object.prototype.polluted = 3');
    expect((await first.run('[leak, kept, shadow, polluted].join()')).value).toBe('first,1,2,3');
    first.dispose();
    await boots.booted(2);
    const second = await create(whoAmI('second'), spare);
    const seen = await second.run(
      '[query, secondName(), typeof firstName, typeof leak, typeof kept, typeof shadow, typeof ({}).polluted].join()',
    );
    expect(seen.error).toBeUndefined();
    expect(seen.value).toBe('the second question,second,undefined,undefined,undefined,undefined,undefined');
    spare.dispose();
  }, 30_000);

  it('dispose ends the spare; a sandbox asked for later boots its own and no spare follows', async () => {
    const boots = new RecordingBoot();
    const spare = new QuickJsSpare(boots.boot);
    await create(whoAmI('first'), spare);
    await boots.booted(2);
    spare.dispose();
    await vi.waitFor(() => expect(boots.workers[1]!.exited).toBe(true));
    const later = await create(whoAmI('later'), spare);
    expect((await later.run('laterName()')).value).toBe('later');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(boots.workers.map((w) => w.exited)).toEqual([false, true, false]);
  }, 30_000);

  it('a spare booted for another heap limit is ended, not handed out', async () => {
    const boots = new RecordingBoot();
    const spare = new QuickJsSpare(boots.boot);
    await create(whoAmI('first'), spare);
    await boots.booted(2);
    await create({ ...whoAmI('bigger'), memoryMb: 128 }, spare);
    await vi.waitFor(() => expect(boots.workers[1]!.exited).toBe(true));
    expect(boots.workers[2]!.memoryBytes).toBe(128 * 1024 * 1024);
    spare.dispose();
  }, 30_000);
});

describe('quickjs warm spare in a run', () => {
  let folder: string;
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('a cancelled run with child RLMs leaves no worker: sandboxes and the spare all end', async () => {
    folder = mkdtempSync(join(tmpdir(), 'rlm-spare-'));
    writeFileSync(join(folder, 'a.py'), 'def a():\n    return 1\n');
    writeFileSync(join(folder, 'b.py'), 'def b():\n    return 2\n');
    const boots = new RecordingBoot();
    const engines = new SandboxEngines({
      starters: {
        quickjs: (options, warm) =>
          QuickJsSandbox.create(
            options,
            warm.get(() => new QuickJsSpare(boots.boot)),
          ),
      },
    });
    const controller = new AbortController();
    // The root starts two children; each child waits on an llm() call that never answers.
    const root = new ScriptedModel('root', (messages) =>
      lastUserMessage(messages).includes('Summarise both files')
        ? js(
            'const parts = await Promise.all([rlm("Read a", {paths: ["a.py"]}), rlm("Read b", {paths: ["b.py"]})])\nFINAL(parts.join("\\n"))',
          )
        : js('const summary = await llm("Summarise this file.")\nFINAL(summary)'),
    );
    const sub = new ScriptedModel('sub', () => new Promise<string>(() => {}));
    const asked = askInWorkspace(
      {
        roots: [{ path: folder, name: 'project' }],
        allowSecrets: false,
        symbolCacheDir: undefined,
        sandbox: { engine: 'quickjs', engines },
      },
      {
        question: 'Summarise both files.',
        models: { root, sub },
        concurrency: 4,
        limits: {},
        completionCacheDir: undefined,
        signal: controller.signal,
      },
    );
    await vi.waitFor(() => expect(sub.calls.length).toBe(2), { timeout: 30_000, interval: 20 });
    await boots.booted(4); // the root's, two children's (one of them the spare), and a spare
    controller.abort();
    const result = await asked;
    expect(result.status).toBe('cancelled');
    await boots.allExited();
  }, 60_000);
});
