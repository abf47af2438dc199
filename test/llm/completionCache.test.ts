import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskCompletionCache } from '../../src/llm/completionCache.js';
import type { ChatMessage } from '../../src/llm/types.js';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rlm-completions-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const prompt = (text: string): ChatMessage[] => [
  { role: 'system', content: 'sys' },
  { role: 'user', content: text },
];
const answer = (text: string) => ({ text, model: 'm', usage: { inputTokens: 10, outputTokens: 2 } });

describe('DiskCompletionCache', () => {
  it('returns what was stored for the same model and prompt, across instances', async () => {
    const dir = freshDir();
    await new DiskCompletionCache({ dir }).set('model-a', prompt('what is x?'), answer('x is 1'));
    const cache = new DiskCompletionCache({ dir });
    expect(await cache.get('model-a', prompt('what is x?'))).toEqual(answer('x is 1'));
  });

  it('misses when the prompt or the model differs', async () => {
    const cache = new DiskCompletionCache({ dir: freshDir() });
    await cache.set('model-a', prompt('what is x?'), answer('x is 1'));
    expect(await cache.get('model-a', prompt('what is x? '))).toBeUndefined();
    expect(await cache.get('model-b', prompt('what is x?'))).toBeUndefined();
    expect(
      await cache.get('model-a', [
        { role: 'user', content: 'sys' },
        { role: 'user', content: 'what is x?' },
      ]),
    ).toBeUndefined();
  });

  it('survives concurrent writers of the same entry', async () => {
    const dir = freshDir();
    const caches = Array.from({ length: 8 }, () => new DiskCompletionCache({ dir }));
    await Promise.all(caches.map((c, i) => c.set('m', prompt('same'), answer(`writer ${i}`))));
    expect((await caches[0].get('m', prompt('same')))?.text).toMatch(/^writer \d$/);
    const leftovers = readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });

  it('evicts the least recently used entries past its size bound', async () => {
    const dir = freshDir();
    const cache = new DiskCompletionCache({ dir, maxBytes: 2_000 });
    for (let i = 0; i < 20; i++) {
      await cache.set('m', prompt(`q${i}`), answer('x'.repeat(200)));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await cache.get('m', prompt('q0')); // touched: now the most recently used
    await cache.prune();
    const kept = await Promise.all(Array.from({ length: 20 }, (_, i) => cache.get('m', prompt(`q${i}`))));
    expect(kept[0]).toBeDefined();
    expect(kept[1]).toBeUndefined();
    expect(kept[19]).toBeDefined();
    expect(kept.filter(Boolean).length).toBeLessThanOrEqual(8);
  });
});
