// Parse results keyed by content hash, so a changed file misses by itself. On disk they live in
// one pack per cache folder, loaded once: with it comes a file index (size, mtime → content
// key) that lets a warm run skip reading and hashing unchanged files, as git's index does.
// The pack is written by atomic rename and merged with what is on disk, so concurrent runs
// sharing a folder lose nothing but cache entries.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExtractedSymbol, FileSymbols, ReferenceInfo } from './types.js';

/** Bump when the extraction logic changes in a way the query text does not show. */
const EXTRACTOR_VERSION = '2';
const PACK_FORMAT = 1;
/** Files whose mtime is this recent are not fingerprinted: a same-size edit within the clock's tick would go unseen. */
const RACY_MS = 2_000;
const FLUSH_DELAY_MS = 1_000;

export function symbolsCacheKey(language: string, querySignature: string, text: string): string {
  return createHash('sha1').update(`${EXTRACTOR_VERSION}\0${language}\0${querySignature}\0`).update(text).digest('hex');
}

/** A file as last seen: enough to reuse its result without reading it. */
export interface Fingerprint {
  size: number;
  mtimeMs: number;
}

type CompactSymbol = [name: string, kind: string, startLine: number, endLine: number, sliceStartLine: number, container?: string];
type CompactReference = [name: string, line: number, column: number, kind: string];
type CompactResult = [symbols: CompactSymbol[], references: CompactReference[], lines: number];
type FileEntry = [size: number, mtimeMs: number, key: string, language: string];

interface Pack {
  format: number;
  files: Record<string, FileEntry>;
  results: Record<string, CompactResult>;
}

export class SymbolCache {
  private readonly results = new Map<string, FileSymbols>();
  /** Results read from the pack, expanded on first use (a large pack holds many). */
  private readonly packed = new Map<string, CompactResult>();
  private readonly files = new Map<string, FileEntry>();
  private loading?: Promise<void>;
  private dirty = false;
  private flushTimer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  /** @param dir cache folder; memory only when undefined */
  constructor(private readonly dir?: string) {}

  async get(key: string): Promise<FileSymbols | undefined> {
    await this.load();
    let result = this.results.get(key);
    const packed = result ? undefined : this.packed.get(key);
    if (packed) this.results.set(key, (result = expand(packed)));
    return result;
  }

  /** The content key and language of a file seen before with the same size and mtime. */
  async lookup(fileId: string, seen: Fingerprint): Promise<{ key: string; language: string } | undefined> {
    await this.load();
    const entry = this.files.get(fileId);
    return entry && entry[0] === seen.size && entry[1] === seen.mtimeMs ? { key: entry[2], language: entry[3] } : undefined;
  }

  async set(key: string, value: FileSymbols, file?: { id: string; seen: Fingerprint; language: string }): Promise<void> {
    await this.load();
    if (value.warning) return; // partial results are not worth keeping
    this.results.set(key, value);
    if (file && Date.now() - file.seen.mtimeMs > RACY_MS) this.files.set(file.id, [file.seen.size, file.seen.mtimeMs, key, file.language]);
    this.scheduleFlush();
  }

  /** Writes pending entries now (also called on close). */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.dir || !this.dirty) return this.flushing;
    this.dirty = false;
    this.flushing = this.flushing.then(() => this.write()).catch(() => undefined); // an unwritable folder only costs speed
    return this.flushing;
  }

  private scheduleFlush(): void {
    if (!this.dir) return;
    this.dirty = true;
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
    this.flushTimer.unref();
  }

  private load(): Promise<void> {
    this.loading ??= this.readPack().then((pack) => {
      for (const [id, entry] of Object.entries(pack?.files ?? {})) if (!this.files.has(id)) this.files.set(id, entry);
      for (const [key, compact] of Object.entries(pack?.results ?? {})) this.packed.set(key, compact);
    });
    return this.loading;
  }

  private async readPack(): Promise<Pack | undefined> {
    if (!this.dir) return undefined;
    try {
      const pack = JSON.parse(await readFile(this.packFile(), 'utf8')) as Pack;
      return pack.format === PACK_FORMAT ? pack : undefined;
    } catch {
      return undefined; // missing or unreadable: start empty
    }
  }

  /** Merges with the pack on disk (another run may have written it), keeping only results some file still points at. */
  private async write(): Promise<void> {
    const onDisk = await this.readPack();
    const files: Record<string, FileEntry> = { ...(onDisk?.files ?? {}) };
    for (const [id, entry] of this.files) files[id] = entry;
    const results: Record<string, CompactResult> = {};
    for (const [, , key] of Object.values(files)) {
      const mine = this.results.get(key);
      const kept = mine ? compact(mine) : (this.packed.get(key) ?? onDisk?.results[key]);
      if (kept) results[key] = kept;
    }
    const pack: Pack = { format: PACK_FORMAT, files, results };
    await mkdir(this.dir!, { recursive: true });
    const temp = `${this.packFile()}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify(pack));
    await rename(temp, this.packFile());
  }

  private packFile(): string {
    return join(this.dir!, 'symbols.pack.json');
  }
}

function compact(result: FileSymbols): CompactResult {
  return [
    result.symbols.map((s) => {
      const row: CompactSymbol = [s.name, s.kind, s.startLine, s.endLine, s.sliceStartLine];
      if (s.container) row.push(s.container);
      return row;
    }),
    result.references.map((r) => [r.name, r.line, r.column, r.kind]),
    result.lines ?? 0,
  ];
}

function expand([symbols, references, lines]: CompactResult): FileSymbols {
  return {
    symbols: symbols.map(([name, kind, startLine, endLine, sliceStartLine, container]): ExtractedSymbol =>
      container ? { name, kind, startLine, endLine, sliceStartLine, container } : { name, kind, startLine, endLine, sliceStartLine },
    ),
    references: references.map(([name, line, column, kind]): ReferenceInfo => ({ name, line, column, kind })),
    lines,
  };
}
