// Model answers on disk, content-addressed by (model, full prompt): asking the same question
// of unchanged code costs almost nothing, and a changed file changes the prompt, so it misses
// by itself. One file per entry, written by atomic rename (safe with concurrent runs); the
// folder is kept under a size bound by evicting the least recently used entries.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChatMessage, Completion, CompletionCache } from './types.js';

export interface DiskCompletionCacheOptions {
  dir: string;
  /** Total size kept on disk (default 200 MB). */
  maxBytes?: number;
}

/** How many writes between two size checks of the folder. */
const PRUNE_EVERY = 50;

export class DiskCompletionCache implements CompletionCache {
  private readonly maxBytes: number;
  private writes = 0;
  private pruning?: Promise<void>;

  constructor(private readonly options: DiskCompletionCacheOptions) {
    this.maxBytes = options.maxBytes ?? 200 * 1024 * 1024;
  }

  async get(modelId: string, messages: readonly ChatMessage[]): Promise<Completion | undefined> {
    const file = this.file(cacheKey(modelId, messages));
    try {
      const entry = JSON.parse(await readFile(file, 'utf8')) as Completion;
      if (typeof entry.text !== 'string') return undefined;
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined); // recently used: evicted last
      return entry;
    } catch {
      return undefined;
    }
  }

  async set(modelId: string, messages: readonly ChatMessage[], completion: Completion): Promise<void> {
    const file = this.file(cacheKey(modelId, messages));
    await mkdir(join(file, '..'), { recursive: true });
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify(completion));
    await rename(temp, file);
    if (++this.writes % PRUNE_EVERY === 0) await (this.pruning ??= this.prune().finally(() => (this.pruning = undefined)));
  }

  /** Deletes the least recently used entries until the folder fits the bound. */
  async prune(): Promise<void> {
    const entries: Array<{ path: string; size: number; used: number }> = [];
    for (const shard of await readdir(this.options.dir).catch(() => [])) {
      for (const name of await readdir(join(this.options.dir, shard)).catch(() => [])) {
        const path = join(this.options.dir, shard, name);
        const info = await stat(path).catch(() => undefined);
        if (info?.isFile()) entries.push({ path, size: info.size, used: info.mtimeMs });
      }
    }
    let total = entries.reduce((n, e) => n + e.size, 0);
    for (const entry of entries.sort((a, b) => a.used - b.used)) {
      if (total <= this.maxBytes) break;
      await rm(entry.path, { force: true });
      total -= entry.size;
    }
  }

  private file(key: string): string {
    return join(this.options.dir, key.slice(0, 2), `${key}.json`);
  }
}

export function cacheKey(modelId: string, messages: readonly ChatMessage[]): string {
  const hash = createHash('sha256').update(modelId).update('\0');
  for (const m of messages) hash.update(m.role).update('\0').update(m.content).update('\0');
  return hash.digest('hex');
}
