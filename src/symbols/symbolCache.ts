// Parse results keyed by content hash, so a changed file misses by itself. On disk they live in
// two packs per cache folder, each loaded once: symbols with a file index (size, mtime → content
// key) that lets a warm run skip reading and hashing unchanged files, as git's index does; and
// references, larger and read only when refs() or outline() needs them. Packs are written by
// atomic rename, merged with what is on disk, so concurrent runs lose nothing but cache entries.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImportTable } from './importTable.js';
import type { ExtractedSymbol, FileSymbols, ReferenceInfo } from './types.js';

/** Bump when the extraction logic changes in a way the query text does not show. */
const EXTRACTOR_VERSION = '2';
const PACK_FORMAT = 2;
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

type CompactSymbol = [name: string, kind: string, startLine: number, endLine: number, sliceStartLine: number, container?: string];
type CompactSymbols = [symbols: CompactSymbol[], lines: number, warning?: string];
type CompactReference = [name: string, line: number, column: number, kind: string];
type FileEntry = [size: number, mtimeMs: number, key: string, language: string];

interface Pack<T> {
  format: number;
  files?: Record<string, FileEntry>;
  results: Record<string, T>;
}

/** One kind of result: in memory as objects, from disk as compact rows expanded on first use. */
class Shelf<T, C> {
  readonly live = new Map<string, T>();
  readonly packed = new Map<string, C>();
  loading?: Promise<void>;

  constructor(
    readonly file: string,
    private readonly expand: (compact: C) => T,
    readonly compact: (value: T) => C,
  ) {}

  get(key: string): T | undefined {
    let value = this.live.get(key);
    const packed = value ? undefined : this.packed.get(key);
    if (packed) this.live.set(key, (value = this.expand(packed)));
    return value;
  }

  /** For writing: the compact form of a key, ours first. */
  row(key: string, onDisk?: Pack<C>): C | undefined {
    const mine = this.live.get(key);
    return mine ? this.compact(mine) : (this.packed.get(key) ?? onDisk?.results[key]);
  }
}

export class SymbolCache {
  private readonly files = new Map<string, FileEntry>();
  private readonly symbols = new Shelf<CachedSymbols, CompactSymbols>('symbols.pack.json', expandSymbols, compactSymbols);
  private readonly references = new Shelf<ReferenceInfo[], CompactReference[]>('references.pack.json', expandReferences, compactReferences);
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
    await this.load(this.symbols);
    const entry = this.files.get(fileId);
    return entry && entry[0] === seen.size && entry[1] === seen.mtimeMs ? { key: entry[2], language: entry[3] } : undefined;
  }

  /** Reads the symbols pack now (a new process does it while its sandbox starts); a failure only means an empty cache. */
  preload(): Promise<void> {
    return this.load(this.symbols);
  }

  async getSymbols(key: string): Promise<CachedSymbols | undefined> {
    await this.load(this.symbols);
    return this.symbols.get(key);
  }

  async getReferences(key: string): Promise<ReferenceInfo[] | undefined> {
    await this.load(this.references);
    return this.references.get(key);
  }

  async set(key: string, value: FileSymbols, file?: CachedFile): Promise<void> {
    await this.load(this.symbols);
    if (value.transient) return; // a time-out or crash may not happen next time
    this.symbols.live.set(key, { symbols: value.symbols, lines: value.lines ?? 0, ...(value.warning ? { warning: value.warning } : {}) });
    if (!value.referencesOmitted) this.references.live.set(key, value.references);
    if (file) this.rememberFile(key, file);
    this.scheduleFlush();
  }

  /** Records which content a file had, so the next run can skip reading it. */
  rememberFile(key: string, file: CachedFile): void {
    if (Date.now() - file.seen.mtimeMs <= RACY_MS) return;
    const known = this.files.get(file.id);
    if (known && known[0] === file.seen.size && known[1] === file.seen.mtimeMs && known[2] === key) return;
    this.files.set(file.id, [file.seen.size, file.seen.mtimeMs, key, file.language]);
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

  private load<T, C>(shelf: Shelf<T, C>): Promise<void> {
    shelf.loading ??= this.readPack<C>(shelf.file).then((pack) => {
      for (const [id, entry] of Object.entries(pack?.files ?? {})) if (!this.files.has(id)) this.files.set(id, entry);
      for (const [key, row] of Object.entries(pack?.results ?? {})) shelf.packed.set(key, row);
    });
    return shelf.loading;
  }

  private async readPack<C>(name: string): Promise<Pack<C> | undefined> {
    if (!this.dir) return undefined;
    try {
      const pack = JSON.parse(await readFile(join(this.dir, name), 'utf8')) as Pack<C>;
      return pack.format === PACK_FORMAT ? pack : undefined;
    } catch {
      return undefined; // missing or unreadable: start empty
    }
  }

  /** Merges with the packs on disk (another run may have written them), keeping only results some file points at. */
  private async write(): Promise<void> {
    await Promise.all([this.load(this.symbols), this.load(this.references)]);
    const [symbolsOnDisk, referencesOnDisk] = await Promise.all([
      this.readPack<CompactSymbols>(this.symbols.file),
      this.readPack<CompactReference[]>(this.references.file),
    ]);
    const files: Record<string, FileEntry> = { ...(symbolsOnDisk?.files ?? {}) };
    for (const [id, entry] of this.files) files[id] = entry;
    const symbolRows: Record<string, CompactSymbols> = {};
    const referenceRows: Record<string, CompactReference[]> = {};
    for (const [, , key] of Object.values(files)) {
      const symbols = this.symbols.row(key, symbolsOnDisk);
      const references = this.references.row(key, referencesOnDisk);
      if (symbols) symbolRows[key] = symbols;
      if (symbols && references) referenceRows[key] = references;
    }
    await mkdir(this.dir!, { recursive: true });
    await this.writeAtomically(this.references.file, { format: PACK_FORMAT, results: referenceRows });
    await this.writeAtomically(this.symbols.file, { format: PACK_FORMAT, files, results: symbolRows });
  }

  private async writeAtomically(name: string, pack: Pack<unknown>): Promise<void> {
    const target = join(this.dir!, name);
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify(pack));
    await rename(temp, target);
  }
}

function compactSymbols({ symbols, lines, warning }: CachedSymbols): CompactSymbols {
  const rows = symbols.map((s) => {
    const row: CompactSymbol = [s.name, s.kind, s.startLine, s.endLine, s.sliceStartLine];
    if (s.container) row.push(s.container);
    return row;
  });
  return warning ? [rows, lines, warning] : [rows, lines];
}

function expandSymbols([rows, lines, warning]: CompactSymbols): CachedSymbols {
  return {
    symbols: rows.map(([name, kind, startLine, endLine, sliceStartLine, container]): ExtractedSymbol =>
      container ? { name, kind, startLine, endLine, sliceStartLine, container } : { name, kind, startLine, endLine, sliceStartLine },
    ),
    lines,
    ...(warning ? { warning } : {}),
  };
}

function compactReferences(references: ReferenceInfo[]): CompactReference[] {
  return references.map((r) => [r.name, r.line, r.column, r.kind]);
}

function expandReferences(rows: CompactReference[]): ReferenceInfo[] {
  return rows.map(([name, line, column, kind]) => ({ name, line, column, kind }));
}
