// Parse results keyed by content hash, so a changed file misses by itself. On disk they live in
// two packs per cache folder, each loaded once: symbols with a file index (size, mtime → content
// key) that lets a warm run skip reading and hashing unchanged files, as git's index does
// (symbolPack.ts: read lazily, each result kept as the JSON text symbols() hands out); and
// references, larger and read only when refs() or outline() needs them. Packs are written by
// atomic rename, merged with what is on disk, so concurrent runs lose nothing but cache entries.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JsonText } from '../sandbox/sandbox.js';
import { ImportTable } from './importTable.js';
import { encodePack, loadSymbols, storeSymbols, symbolListText, SymbolPack, type FileEntry, type StoredSymbols } from './symbolPack.js';
import type { ExtractedSymbol, FileSymbols, ReferenceInfo, SymbolInfo } from './types.js';

/** Bump when the extraction logic changes in a way the query text does not show. */
const EXTRACTOR_VERSION = '2';
const REFERENCES_PACK_FORMAT = 2;
const SYMBOLS_PACK = 'symbols.pack';
const REFERENCES_PACK = 'references.pack.json';
/** Files whose mtime is this recent are not fingerprinted: a same-size edit within the clock's tick would go unseen. */
const RACY_MS = 2_000;
/** Packs are written once parsing has been quiet this long (a write costs the whole pack), or on close. */
const FLUSH_QUIET_MS = 2_000;

export function symbolsCacheKey(language: string, querySignature: string, text: string): string {
  return createHash('sha1').update(`${EXTRACTOR_VERSION}\0${language}\0${querySignature}\0`).update(text).digest('hex');
}

/** A file as last seen: enough to reuse its result without reading it. */
export interface Fingerprint {
  size: number;
  mtimeMs: number;
}

export interface CachedFile {
  id: string;
  seen: Fingerprint;
  language: string;
}

export interface CachedSymbols {
  symbols: ExtractedSymbol[];
  lines: number;
  warning?: string;
}

/** A file's symbols as symbols() returns them, still encoded. */
export interface SymbolList {
  json: JsonText<SymbolInfo[]>;
  lines: number;
  warning?: string;
}

type CompactReference = [name: string, line: number, column: number, kind: string];

interface ReferencesPack {
  format: number;
  results: Record<string, CompactReference[]>;
}

export class SymbolCache {
  private readonly files = new Map<string, FileEntry>();
  /** Files found gone (or hidden) since they were parsed: their entries on disk are not written back. */
  private readonly forgotten = new Set<string>();
  /** Results as objects: parsed in this process, or decoded from the pack for slice() and outline(). */
  private readonly symbols = new Map<string, CachedSymbols>();
  /** Results in their stored form (the pack's text, or ours encoded once). */
  private readonly stored = new Map<string, StoredSymbols>();
  private pack?: SymbolPack;
  private symbolsLoading?: Promise<void>;
  /** The pack was read (or found absent): lookups need no await. */
  private symbolsLoaded = false;
  private readonly references = new Map<string, ReferenceInfo[]>();
  private readonly packedReferences = new Map<string, CompactReference[]>();
  private referencesLoading?: Promise<void>;
  private dirty = false;
  private flushTimer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  /** Import words per file, for ranking outlines without grepping an unchanged tree again. */
  readonly imports: ImportTable;

  /** @param dir cache folder; memory only when undefined */
  constructor(private readonly dir?: string) {
    this.imports = new ImportTable(dir);
  }

  /** The content key and language of a file seen before with the same size and mtime. */
  async lookup(fileId: string, seen: Fingerprint): Promise<{ key: string; language: string } | undefined> {
    await this.loadSymbols();
    return this.known(fileId, seen);
  }

  /** lookup() at once, once the pack was read; undefined before, and where lookup() finds nothing. */
  lookupNow(fileId: string, seen: Fingerprint): { key: string; language: string } | undefined {
    return this.symbolsLoaded ? this.known(fileId, seen) : undefined;
  }

  private known(fileId: string, seen: Fingerprint): { key: string; language: string } | undefined {
    const entry = this.files.get(fileId);
    return entry && entry[0] === seen.size && entry[1] === seen.mtimeMs ? { key: entry[2], language: entry[3] } : undefined;
  }

  /**
   * Reads the symbols pack now and checks and decodes its body (a new process does it while its
   * sandbox starts, ~12 ms for the stdlib's pack that the first symbols() would wait for); a
   * failure only means an empty cache.
   */
  async preload(): Promise<void> {
    await this.loadSymbols();
    this.pack?.prepare();
  }

  async getSymbols(key: string): Promise<CachedSymbols | undefined> {
    await this.loadSymbols();
    let value = this.symbols.get(key);
    const stored = value ? undefined : this.storedOf(key);
    if (stored) this.symbols.set(key, (value = { symbols: loadSymbols(stored), lines: stored.lines, ...withWarning(stored) }));
    return value;
  }

  /** A result as symbols() returns it, without decoding it. */
  async getSymbolList(key: string): Promise<SymbolList | undefined> {
    await this.loadSymbols();
    return this.symbolList(key);
  }

  /** getSymbolList() at once, once the pack was read; undefined before. */
  getSymbolListNow(key: string): SymbolList | undefined {
    return this.symbolsLoaded ? this.symbolList(key) : undefined;
  }

  private symbolList(key: string): SymbolList | undefined {
    const stored = this.storedOf(key);
    return stored && { json: symbolListText(stored), lines: stored.lines, ...withWarning(stored) };
  }

  async getReferences(key: string): Promise<ReferenceInfo[] | undefined> {
    await this.loadReferences();
    let value = this.references.get(key);
    const packed = value ? undefined : this.packedReferences.get(key);
    if (packed) this.references.set(key, (value = packed.map(([name, line, column, kind]) => ({ name, line, column, kind }))));
    return value;
  }

  async set(key: string, value: FileSymbols, file?: CachedFile): Promise<void> {
    await this.loadSymbols();
    if (value.transient) return; // a time-out or crash may not happen next time
    this.symbols.set(key, { symbols: value.symbols, lines: value.lines ?? 0, ...withWarning(value) });
    this.stored.delete(key);
    if (!value.referencesOmitted) this.references.set(key, value.references);
    if (file) this.rememberFile(key, file);
    this.scheduleFlush();
  }

  /** Records which content a file had, so the next run can skip reading it. */
  rememberFile(key: string, file: CachedFile): void {
    if (Date.now() - file.seen.mtimeMs <= RACY_MS) return;
    const known = this.files.get(file.id);
    if (known && known[0] === file.seen.size && known[1] === file.seen.mtimeMs && known[2] === key) return;
    this.forgotten.delete(file.id);
    this.files.set(file.id, [file.seen.size, file.seen.mtimeMs, key, file.language]);
    this.scheduleFlush();
  }

  /** Drops what is known of a file that is gone or hidden, here and, at the next write, on disk. */
  forget(fileId: string): void {
    if (!this.files.delete(fileId)) return;
    this.forgotten.add(fileId);
    this.scheduleFlush();
  }

  /** Writes pending entries now (also called on close). */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const imports = this.imports.flush();
    if (!this.dir || !this.dirty) return Promise.all([this.flushing, imports]).then(() => undefined);
    this.dirty = false;
    this.flushing = this.flushing.then(() => this.write()).catch(() => undefined); // an unwritable folder only costs speed
    return Promise.all([this.flushing, imports]).then(() => undefined);
  }

  private scheduleFlush(): void {
    if (!this.dir) return;
    this.dirty = true;
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => void this.flush(), FLUSH_QUIET_MS);
    this.flushTimer.unref();
  }

  /** The stored form of a result: the pack's text, or a result of this process encoded once. */
  private storedOf(key: string): StoredSymbols | undefined {
    let stored = this.stored.get(key);
    if (stored) return stored;
    const live = this.symbols.get(key);
    stored = live ? storeSymbols(live.symbols, live.lines, live.warning) : this.pack?.get(key);
    if (stored) this.stored.set(key, stored);
    return stored;
  }

  private loadSymbols(): Promise<void> {
    this.symbolsLoading ??= this.readSymbolPack().then((pack) => {
      this.pack = pack;
      this.symbolsLoaded = true;
      for (const [id, entry] of pack?.files ?? []) if (!this.files.has(id) && !this.forgotten.has(id)) this.files.set(id, entry);
    });
    return this.symbolsLoading;
  }

  private loadReferences(): Promise<void> {
    this.referencesLoading ??= this.readReferencesPack().then((pack) => {
      for (const [key, rows] of Object.entries(pack?.results ?? {})) this.packedReferences.set(key, rows);
    });
    return this.referencesLoading;
  }

  private async readSymbolPack(): Promise<SymbolPack | undefined> {
    if (!this.dir) return undefined;
    try {
      return SymbolPack.read(await readFile(join(this.dir, SYMBOLS_PACK)));
    } catch {
      return undefined; // missing or unreadable: start empty
    }
  }

  private async readReferencesPack(): Promise<ReferencesPack | undefined> {
    if (!this.dir) return undefined;
    try {
      const pack = JSON.parse(await readFile(join(this.dir, REFERENCES_PACK), 'utf8')) as ReferencesPack;
      return pack.format === REFERENCES_PACK_FORMAT ? pack : undefined;
    } catch {
      return undefined;
    }
  }

  /** Merges with the packs on disk (another run may have written them), keeping only results some file points at. */
  private async write(): Promise<void> {
    await Promise.all([this.loadSymbols(), this.loadReferences()]);
    const [symbolsOnDisk, referencesOnDisk] = await Promise.all([this.readSymbolPack(), this.readReferencesPack()]);
    const files = new Map(symbolsOnDisk?.files ?? []);
    for (const id of this.forgotten) files.delete(id);
    for (const [id, entry] of this.files) files.set(id, entry);
    const symbolRows = new Map<string, StoredSymbols>();
    const referenceRows: Record<string, CompactReference[]> = {};
    for (const [, , key] of files.values()) {
      if (symbolRows.has(key)) continue;
      const symbols = this.storedOf(key) ?? symbolsOnDisk?.get(key);
      const mine = this.references.get(key);
      const references = mine
        ? mine.map((r): CompactReference => [r.name, r.line, r.column, r.kind])
        : (this.packedReferences.get(key) ??
          (referencesOnDisk && Object.hasOwn(referencesOnDisk.results, key) ? referencesOnDisk.results[key] : undefined));
      if (!symbols) continue;
      symbolRows.set(key, symbols);
      if (references) referenceRows[key] = references;
    }
    await mkdir(this.dir!, { recursive: true });
    const references: ReferencesPack = { format: REFERENCES_PACK_FORMAT, results: referenceRows };
    await this.writeAtomically(REFERENCES_PACK, JSON.stringify(references));
    await this.writeAtomically(SYMBOLS_PACK, encodePack(files, symbolRows));
  }

  private async writeAtomically(name: string, data: string | Buffer): Promise<void> {
    const target = join(this.dir!, name);
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, data);
    await rename(temp, target);
  }
}

function withWarning(value: { warning?: string }): { warning?: string } {
  return value.warning ? { warning: value.warning } : {};
}
