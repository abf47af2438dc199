import { describe, expect, it } from 'vitest';
import { SharedWork } from '../../src/workspace/sharedWork.js';

/** Work that ends only when its signal aborts, recording that it did. */
class AbortableWork {
  aborted = false;
  readonly work = new SharedWork<string>(
    (signal) =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () => ((this.aborted = true), reject(new Error('stopped'))), { once: true });
      }),
  );
}

describe('SharedWork', () => {
  it('a caller whose signal aborts stops waiting at once; the work stops when nobody waits', async () => {
    const probe = new AbortableWork();
    const a = new AbortController();
    const b = new AbortController();
    const first = probe.work.join(a.signal);
    const second = probe.work.join(b.signal);
    a.abort(new Error('cell A stopped'));
    await expect(first).rejects.toThrow('cell A stopped');
    expect(probe.aborted).toBe(false); // cell B still waits for it
    b.abort(new Error('cell B stopped'));
    await expect(second).rejects.toThrow('cell B stopped');
    expect(probe.aborted).toBe(true);
    expect(probe.work.abandoned).toBe(true);
  });

  it('a caller without a signal keeps the work alive', async () => {
    const probe = new AbortableWork();
    void probe.work.join().catch(() => {});
    const a = new AbortController();
    const joined = probe.work.join(a.signal);
    a.abort(new Error('stopped'));
    await expect(joined).rejects.toThrow('stopped');
    expect(probe.aborted).toBe(false);
  });

  it('passes the result to every caller', async () => {
    const work = new SharedWork(async () => 'listing');
    await expect(Promise.all([work.join(new AbortController().signal), work.join()])).resolves.toEqual(['listing', 'listing']);
  });
});
