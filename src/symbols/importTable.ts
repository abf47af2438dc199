// The import words of each file as last scanned, by size and mtime, so a new process over an
// unchanged tree ranks an outline without grepping again; and the last few rankings, by a digest
// of the files they ranked. Two files per cache folder, each read only when needed: the
// rankings (small: positions in the ranked list, so an unchanged tree's outline reads only
// this one), and the words (larger: read when a ranking has to be computed). Written by atomic
// rename and merged with what another run wrote.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Fingerprint } from './symbolCache.js';

const WORDS_FILE = 'imports.pack.json';
const RANKINGS_FILE = 'rankings.pack.json';
const FORMAT = 4;
/** Rankings kept (one per outline glob a model tends to use: "**", "src/**", …). */
const MAX_RANKINGS = 4;
/** Files changed this recently are not remembered: a same-size edit within the clock's tick would go unseen. */
const RACY_MS = 2_000;

type Row = [size: number, mtimeMs: number, tokens: string[]];
/** A ranking as positions in the list of files it ranked (the digest names that list exactly). */
type Positions = readonly number[];

interface WordsPack {
  format?: number;
  files?: Record<string, Row>;
}

interface RankingsPack {
  format?: number;
  /** Digest of (path, size, mtime) of the ranked files → positions of the files, best first; newest last. */
  rankings?: Record<string, Positions>;
}

export class ImportTable {
  private readonly rows = new Map<string, Row>();
  private readonly rankings = new Map<string, Positions>();
  private loadingRows?: Promise<void>;
  private loadingRankings?: Promise<void>;
  private rowsDirty = false;
  private rankingsDirty = false;
  private scanning: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir?: string) {}

  /** The words recorded for a file with this size and mtime. */
  async get(path: string, seen: Fingerprint): Promise<readonly string[] | undefined> {
    await this.loadRows();
    const row = this.rows.get(path);
    return row && row[0] === seen.size && row[1] === seen.mtimeMs ? row[2] : undefined;
  }

  set(path: string, seen: Fingerprint, tokens: string[]): void {
    if (Date.now() - seen.mtimeMs <= RACY_MS) return;
    this.rows.set(path, [seen.size, seen.mtimeMs, tokens]);
    this.rowsDirty = true;
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

  /** The ranking recorded under `key` for exactly these `paths` (in this order), best first. */
  async ranking(key: string, paths: readonly string[]): Promise<readonly string[] | undefined> {
    this.loadingRankings ??= readPack<RankingsPack>(this.dir, RANKINGS_FILE).then((pack) => {
      for (const [known, positions] of Object.entries(pack.rankings ?? {}))
        if (!this.rankings.has(known)) this.rankings.set(known, positions);
    });
    await this.loadingRankings;
    const positions = this.rankings.get(key);
    if (!positions || positions.length !== paths.length) return undefined;
    const ranked = positions.map((i) => paths[i]);
    return ranked.every((path) => path !== undefined) ? (ranked as string[]) : undefined;
  }

  setRanking(key: string, ranked: readonly string[], paths: readonly string[]): void {
    const position = new Map(paths.map((path, i) => [path, i]));
    this.rankings.delete(key);
    this.rankings.set(
      key,
      ranked.map((path) => position.get(path)!),
    );
    for (const old of this.rankings.keys()) if (this.rankings.size > MAX_RANKINGS) this.rankings.delete(old);
    this.rankingsDirty = true;
  }

  async flush(): Promise<void> {
    if (!this.dir) return;
    const dir = this.dir;
    try {
      if (this.rowsDirty) {
        this.rowsDirty = false;
        const files = (await readPack<WordsPack>(dir, WORDS_FILE)).files ?? {};
        for (const [path, row] of this.rows) files[path] = row;
        await writeAtomically(dir, WORDS_FILE, { format: FORMAT, files } satisfies WordsPack);
      }
      if (this.rankingsDirty) {
        this.rankingsDirty = false;
        await writeAtomically(dir, RANKINGS_FILE, { format: FORMAT, rankings: Object.fromEntries(this.rankings) } satisfies RankingsPack);
      }
    } catch {
      // an unwritable folder only costs speed
    }
  }

  private loadRows(): Promise<void> {
    this.loadingRows ??= readPack<WordsPack>(this.dir, WORDS_FILE).then((pack) => {
      for (const [path, row] of Object.entries(pack.files ?? {})) if (!this.rows.has(path)) this.rows.set(path, row);
    });
    return this.loadingRows;
  }
}

async function readPack<T extends { format?: number }>(dir: string | undefined, file: string): Promise<T> {
  if (!dir) return {} as T;
  try {
    const pack = JSON.parse(await readFile(join(dir, file), 'utf8')) as T;
    return pack.format === FORMAT ? pack : ({} as T);
  } catch {
    return {} as T; // missing or unreadable: start empty
  }
}

async function writeAtomically(dir: string, file: string, pack: object): Promise<void> {
  await mkdir(dir, { recursive: true });
  const target = join(dir, file);
  const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, JSON.stringify(pack));
  await rename(temp, target);
}
