// The sandbox starts beside the first request, not before it: the root model's first call
// leaves while the sandbox is still starting (and its start waits for the listing, which it
// would slow down), and a sandbox that cannot start still fails the
// run with its own message; a started sandbox is disposed however the run ends.
import { describe, expect, it } from 'vitest';
import { ask, type AskOptions } from '../../src/engine/engine.js';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/sandbox.js';
import { QuickJsSandbox } from '../../src/sandbox/quickjs/quickJsSandbox.js';
import { InMemoryFileTree } from '../support/inMemoryFileTree.js';
import { js, type Script } from '../support/scriptedModel.js';
import { scriptedAskOptions } from './scriptedAsk.js';

/** Starts real quickjs sandboxes, each only once `release()` is called; counts disposals. */
class GatedSandboxes {
  started = 0;
  disposed = 0;
  private open: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));

  release(): void {
    this.open();
  }

  create = async (options: SandboxOptions): Promise<Sandbox> => {
    await this.gate;
    const sandbox = await QuickJsSandbox.create({ ...options, cellTimeoutMs: 10_000 });
    this.started++;
    const dispose = () => {
      this.disposed++;
      sandbox.dispose();
    };
    return { engine: sandbox.engine, run: (code, runOptions) => sandbox.run(code, runOptions), dispose };
  };
}

function options(root: Script, createSandbox: AskOptions['createSandbox']): AskOptions {
  return scriptedAskOptions({ question: 'What is here?', files: { 'README.md': '# Sample\n' }, name: 'sample', root }, { createSandbox });
}

/** A tree whose listing ends only once `finish()` is called. */
class SlowListingTree extends InMemoryFileTree {
  listed = false;
  private asked: () => void = () => undefined;
  /** Resolves when the run first asks for the listing. */
  readonly listingAsked = new Promise<void>((resolve) => (this.asked = resolve));
  private release: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => (this.release = resolve));

  finish(): void {
    this.release();
  }

  override async files(): Promise<readonly string[]> {
    this.asked();
    await this.gate;
    this.listed = true;
    return super.files();
  }
}

describe('sandbox start', () => {
  it('starts the sandbox once the listing is made, not beside it', async () => {
    const tree = new SlowListingTree({ 'README.md': '# Sample\n' }, { name: 'sample' });
    const listedAtStart: boolean[] = [];
    const run = ask({
      ...options(
        () => js('FINAL(1 + 1)'),
        (o) => {
          listedAtStart.push(tree.listed);
          return QuickJsSandbox.create({ ...o, cellTimeoutMs: 10_000 });
        },
      ),
      tree,
    });
    await tree.listingAsked;
    await new Promise((resolve) => setImmediate(resolve));
    expect(listedAtStart).toEqual([]);
    tree.finish();
    expect(await run).toMatchObject({ status: 'done', answer: '2' });
    expect(listedAtStart).toEqual([true]);
  });

  it('sends the first request while the sandbox is still starting, then runs the cell in it', async () => {
    const sandboxes = new GatedSandboxes();
    let startedAtFirstRequest: number | undefined;
    const result = await ask(
      options((_messages, call) => {
        if (call === 1) {
          startedAtFirstRequest = sandboxes.started;
          sandboxes.release();
        }
        return js('FINAL(1 + 1)');
      }, sandboxes.create),
    );
    expect(startedAtFirstRequest).toBe(0);
    expect(result).toMatchObject({ status: 'done', answer: '2' });
    expect(sandboxes.disposed).toBe(1);
  });

  it('fails the run with the reason when the sandbox cannot start', async () => {
    const result = await ask(
      options(
        () => js('FINAL("never runs")'),
        () => Promise.reject(new Error('isolated-vm could not load')),
      ),
    );
    expect(result).toMatchObject({ status: 'failed', reason: 'isolated-vm could not load' });
  });

  it('disposes the sandbox of a run whose model failed before any cell ran', async () => {
    const sandboxes = new GatedSandboxes();
    const result = await ask(
      options(() => {
        sandboxes.release();
        throw new Error('HTTP 401: invalid API key');
      }, sandboxes.create),
    );
    expect(result.status).toBe('failed');
    await expect.poll(() => sandboxes.disposed).toBe(1);
  });
});
