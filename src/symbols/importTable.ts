// The import words of each file as last scanned, by size and mtime, so a new process over an
// unchanged tree ranks an outline without grepping again; and the last few rankings, by a digest
// of the files they ranked. One small pack per cache folder, written by atomic rename and
// merged with what another run wrote.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Fingerprint } from './symbolCache.js';

const FILE = 'imports.pack.json';
const FORMAT = 2;
/** Rankings kept (one per outline glob a model tends to use: "**", "src/**", …). */
const MAX_RANKINGS = 4;
/** Files changed this recently are not remembered: a same-size edit within the clock's tick would go unseen. */
const RACY_MS = 2_000;

type Row = [size: number, mtimeMs: number, tokens: string[]];

interface Pack {
  format?: number;
  files?: Record<string, Row>;
  /** Digest of (path, size, mtime) of the ranked files → the ranked paths; newest last. */
  rankings?: Record<string, readonly string[]>;
}

export class ImportTable {
  private readonly rows = new Map<string, Row>();
  private readonly rankings = new Map<string, readonly string[]>();
  private loading?: Promise<void>;
  private dirty = false;
  private scanning: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir?: string) {}

  /** The words recorded for a file with this size and mtime. */
  async get(path: string, seen: Fingerprint): Promise<readonly string[] | undefined> {
    await this.load();
    const row = this.rows.get(path);
    return row && row[0] === seen.size && row[1] === seen.mtimeMs ? row[2] : undefined;
  }

  set(path: string, seen: Fingerprint, tokens: string[]): void {
    if (Date.now() - seen.mtimeMs <= RACY_MS) return;
    this.rows.set(path, [seen.size, seen.mtimeMs, tokens]);
    this.dirty = true;
  }

  /**
   * Runs scans one after another: a scan that started while another was under way (an outline
   * during the background warm-up) then finds what the first one recorded instead of grepping again.
   */
  serialize<T>(scan: () => Promise<T>): Promise<T> {
    const next = this.scanning.then(scan, scan);
    this.scanning = next.catch(() => undefined);
    return next;
  }

  async ranking(key: string): Promise<readonly string[] | undefined> {
    await this.load();
    return this.rankings.get(key);
  }

  setRanking(key: string, ranked: readonly string[]): void {
    this.rankings.delete(key);
    this.rankings.set(key, ranked);
    for (const old of this.rankings.keys()) if (this.rankings.size > MAX_RANKINGS) this.rankings.delete(old);
    this.dirty = true;
  }

  async flush(): Promise<void> {
    if (!this.dir || !this.dirty) return;
    this.dirty = false;
    try {
      const onDisk = await read(this.dir);
      const files = onDisk.files ?? {};
      for (const [path, row] of this.rows) files[path] = row;
      await mkdir(this.dir, { recursive: true });
      const target = join(this.dir, FILE);
      const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temp, JSON.stringify({ format: FORMAT, files, rankings: Object.fromEntries(this.rankings) } satisfies Pack));
      await rename(temp, target);
    } catch {
      // an unwritable folder only costs speed
    }
  }

  private load(): Promise<void> {
    this.loading ??= (this.dir ? read(this.dir) : Promise.resolve<Pack>({})).then((pack) => {
      for (const [path, row] of Object.entries(pack.files ?? {})) if (!this.rows.has(path)) this.rows.set(path, row);
      for (const [key, ranked] of Object.entries(pack.rankings ?? {})) if (!this.rankings.has(key)) this.rankings.set(key, ranked);
    });
    return this.loading;
  }
}

async function read(dir: string): Promise<Pack> {
  try {
    const pack = JSON.parse(await readFile(join(dir, FILE), 'utf8')) as Pack;
    return pack.format === FORMAT ? pack : {};
  } catch {
    return {}; // missing or unreadable: start empty
  }
}
