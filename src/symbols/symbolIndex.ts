// Symbols of a workspace: reads files through the FileTree (so every visibility rule holds),
// parses them on the worker pool and caches the results by content.
import { createHash } from 'node:crypto';
import { ToolError, type FileTree } from '../workspace/fileTree.js';
import { detectLanguage } from '../workspace/languages.js';
import { GRAMMARS, hasGrammar, querySource } from './grammars.js';
import { rankForOutline } from './importScan.js';
import { fitOutline } from './outline.js';
import { findSymbol } from './findSymbol.js';
import type { JsonText } from '../sandbox/sandbox.js';
import { SymbolCache, symbolsCacheKey, type Fingerprint } from './symbolCache.js';
import { storeSymbols, symbolListText } from './symbolPack.js';
import type { FileSymbols, ParsePriority, RefLocation, SliceResult, SymbolInfo, SymbolParser, SymbolProvider } from './types.js';
import { ParsePool } from './workerPool.js';
import { ReadLimit } from './readLimit.js';

export interface SymbolIndexOptions {
  tree: FileTree;
  /** Folder for the on-disk cache; memory only when absent. */
  cacheDir?: string;
  /** A cache shared with other indexes (scoped trees of one workspace); overrides cacheDir. */
  cache?: SymbolCache;
  /** The parser (default: a ParsePool of its own, closed with the index). */
  pool?: SymbolParser;
  /** Largest file parsed (default 16 MB). */
  maxFileBytes?: number;
}

export interface ParsedFile {
  language: string;
  result: FileSymbols;
  /** The text, when it had to be read (a fingerprint hit skips reading). */
  text?: string;
  /** The content key, when the text was read and parsed by a grammar. */
  key?: string;
}

/** The run's first request leaves within this time of its start; warming begins after it. */
const WARM_UP_DELAY_MS = 200;
/** Enough for the files an outline or a model's first probes reach; bounds memory on huge trees. */
const WARM_UP_MAX_FILES = 5_000;

/** The warm-up parses the top of the main file type's ranking this far before ranking the whole tree: more than an outline shows. */
const FIRST_OUTLINE_FILES = 64;

/** Files read at once for parsing: enough to keep the workers fed, few enough that the first reaches them at once. */
const READS_IN_FLIGHT = 64;

/** outline() loads ahead the grammars of languages with at least 1/PREPARE_SHARE of its files. */
const PREPARE_SHARE = 8;

const IDENTIFIER = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;

/** Lines as editors count them: a final newline does not start another line. */
function countLines(text: string): number {
  if (!text) return 0;
  let newlines = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) newlines++; // no array of every line
  return newlines + (text.endsWith('\n') ? 0 : 1);
}

/** A glob of the file type most files share (every .py file), when over half of them and not all do. */
export function mainFileType(paths: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const path of paths) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    const dot = base.lastIndexOf('.');
    if (dot > 0) counts.set(base.slice(dot), (counts.get(base.slice(dot)) ?? 0) + 1);
  }
  const [extension, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  return count * 2 > paths.length && count < paths.length ? `**/*${extension}` : undefined;
}

/** The first `max` distinct paths of several rankings, taking from each in turn. */
function takeInTurn(rankings: readonly (readonly string[])[], max: number): string[] {
  const taken = new Set<string>();
  const longest = Math.max(0, ...rankings.map((ranking) => ranking.length));
  for (let i = 0; i < longest && taken.size < max; i++) {
    for (const ranking of rankings) if (i < ranking.length && taken.size < max) taken.add(ranking[i]!);
  }
  return [...taken];
}

export class SymbolIndex implements SymbolProvider {
  private readonly tree: FileTree;
  private readonly cache: SymbolCache;
  private readonly pool: SymbolParser;
  private readonly ownsPool: boolean;
  private readonly maxFileBytes: number;
  private readonly queries = new Map<string, { signature: string; hasReferences: boolean }>();
  private readonly reads = new ReadLimit(READS_IN_FLIGHT);
  /** Languages the pool was asked to prepare (on an outline, or on a file's cache miss). */
  private readonly prepared = new Set<string>();

  constructor(options: SymbolIndexOptions) {
    this.tree = options.tree;
    this.cache = options.cache ?? new SymbolCache(options.cacheDir);
    this.ownsPool = !options.pool;
    this.pool = options.pool ?? new ParsePool();
    this.maxFileBytes = options.maxFileBytes ?? 16 * 1024 * 1024;
  }

  /**
   * Parses (or recalls) one visible file; an unchanged file is not even read. References are
   * loaded only when asked for (refs, outline); otherwise `result.references` is empty.
   */
  async parse(path: string, withReferences = false, priority: ParsePriority = 'normal'): Promise<ParsedFile> {
    const seen = await this.fingerprint(path);
    const known = await this.cache.lookup(path, seen);
    const remembered = known && (await this.recall(known.key, withReferences));
    if (known && remembered) return { language: known.language, result: remembered };
    return this.parseText(path, seen, withReferences, priority);
  }

  /** Size and mtime of a visible file; what the cache knows of a file that is gone or hidden is dropped. */
  private async fingerprint(path: string): Promise<Fingerprint> {
    try {
      return await this.tree.fingerprint(path);
    } catch (error) {
      this.cache.forget(path);
      throw error;
    }
  }

  /** Reads the file and parses it, unless its content was parsed before under another name or stamp. */
  private async parseText(path: string, seen: Fingerprint, withReferences: boolean, priority: ParsePriority): Promise<ParsedFile> {
    this.prepare([detectLanguage(path, { binary: false, firstLine: '' })]); // the workers start while the file is read
    const text = await this.reads.run(() => this.tree.read(path, { maxBytes: this.maxFileBytes }));
    const language = detectLanguage(path, { binary: false, firstLine: text.slice(0, 256).split('\n', 1)[0] ?? '' });
    if (!hasGrammar(language)) return { language, text, result: { symbols: [], references: [], lines: countLines(text) } };
    const key = symbolsCacheKey(language, this.queryInfo(language).signature, text);
    const file = { id: path, seen, language };
    let result = await this.recall(key, withReferences);
    if (result) {
      this.cache.rememberFile(key, file);
    } else {
      result = { ...(await this.pool.parse(language, text, { priority, references: withReferences })), lines: countLines(text) };
      await this.cache.set(key, result, file);
    }
    return { language, text, result, key };
  }

  private async recall(key: string, withReferences: boolean): Promise<FileSymbols | undefined> {
    const cached = await this.cache.getSymbols(key);
    if (!cached) return undefined;
    const references = withReferences ? await this.cache.getReferences(key) : [];
    return (
      references && { symbols: cached.symbols, references, lines: cached.lines, ...(cached.warning ? { warning: cached.warning } : {}) }
    );
  }

  /** A file's symbols, as JSON text: an unchanged file's come from the pack as they were stored, never decoded here. */
  async symbols(path: string): Promise<SymbolsOfFile> {
    const seenNow = this.tree.fingerprintNow?.(path);
    const warm = seenNow && this.storedSymbols(path, seenNow);
    if (warm) return warm;
    const seen = seenNow ?? (await this.fingerprint(path)); // one lstat either way
    const known = await this.cache.lookup(path, seen);
    const stored = known && (await this.cache.getSymbolList(known.key));
    const { language, symbols, warning } = stored
      ? { language: known.language, symbols: stored.json, warning: stored.warning }
      : await this.parseText(path, seen, false, 'normal').then(async ({ language, result, key }) => ({
          language,
          // The cache's stored form (encoded once, and written to the pack as it is); a result it did not keep is encoded here.
          symbols: (key && (await this.cache.getSymbolList(key))?.json) || symbolListText(storeSymbols(result.symbols, 0)),
          warning: result.warning,
        }));
    return symbolsOfFile(path, language, symbols, warning);
  }

  /**
   * symbols() of an unchanged file with no await, once the listing and the pack are in hand: a warm
   * run's loop over 1,790 files spent more on the awaits of the general path than on its lstats.
   * Undefined when any step would wait or find nothing: the general path then answers.
   */
  symbolsNow(path: string): SymbolsOfFile | undefined {
    const seen = this.tree.fingerprintNow?.(path);
    return seen && this.storedSymbols(path, seen);
  }

  private storedSymbols(path: string, seen: Fingerprint): SymbolsOfFile | undefined {
    const known = this.cache.lookupNow(path, seen);
    const stored = known && this.cache.getSymbolListNow(known.key);
    return stored ? symbolsOfFile(path, known.language, stored.json, stored.warning) : undefined;
  }

  async slice(path: string, name: string): Promise<{ slice: SliceResult | null; note?: string }> {
    const { language, result, ...parsed } = await this.parse(path);
    if (!hasGrammar(language)) return { slice: null, note: `no symbol parser for ${language} files; use grep and peek instead` };
    const found = findSymbol(result.symbols, name);
    if (!found.symbol) return { slice: null, note: `no symbol "${name}" in ${path}${found.note ? `; ${found.note}` : ''}` };
    const { symbol } = found;
    const text = parsed.text ?? (await this.tree.read(path, { maxBytes: this.maxFileBytes }));
    const lines = text.split('\n').slice(symbol.sliceStartLine - 1, symbol.endLine);
    const slice: SliceResult = {
      path,
      name: symbol.container ? `${symbol.container}.${symbol.name}` : symbol.name,
      kind: symbol.kind,
      startLine: symbol.sliceStartLine,
      endLine: symbol.endLine,
      text: lines.map((line) => line.replace(/\r$/, '')).join('\n'),
    };
    return { slice, ...(found.note ? { note: found.note } : {}) };
  }

  async refs(
    name: string,
    options: { glob?: string[]; maxResults: number },
  ): Promise<{ refs: RefLocation[]; truncated: boolean; note?: string }> {
    if (!IDENTIFIER.test(name))
      throw new ToolError(`refs() takes an identifier such as "parseConfig"; got ${JSON.stringify(name)}. Use grep() for other text.`);
    const escaped = name.replace(/\$/g, '\\$');
    const hits = await this.tree.grep({
      pattern: `(?<![\\p{L}\\p{N}_$])${escaped}(?![\\p{L}\\p{N}_$])`,
      glob: options.glob,
      maxResults: 0,
    });
    const byPath = new Map<string, RefLocation[]>();
    hits.matches.eachRun((path, from, to) => {
      const list = byPath.get(path) ?? [];
      for (let i = from; i < to; i++) list.push({ path, line: hits.matches.lines[i]!, column: hits.matches.columns[i]!, kind: 'text' });
      byPath.set(path, list);
    });
    let textOnly = 0;
    const perFile = await Promise.all(
      [...byPath].map(async ([path, wordMatches]) => {
        const { language, result } = await this.parse(path, true).catch(() => ({ language: 'text', result: undefined }));
        if (!result || !this.hasReferenceQuery(language)) {
          textOnly++;
          return wordMatches;
        }
        return result.references.filter((r) => r.name === name).map((r) => ({ path, line: r.line, column: r.column, kind: r.kind }));
      }),
    );
    const all = perFile.flat().sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column));
    const truncated = options.maxResults > 0 && all.length > options.maxResults;
    const note = textOnly
      ? `${textOnly} file(s) have no reference query for their language; their word matches are listed as kind "text"`
      : undefined;
    return { refs: truncated ? all.slice(0, options.maxResults) : all, truncated, ...(note ? { note } : {}) };
  }

  /**
   * Ranks the files by cheap signals (who imports them, size, depth) and parses, in rank order,
   * only as many as can fit the budget; references are never loaded.
   */
  async outline(patterns: string[], options: { maxTokens: number }): Promise<string> {
    const files = new Map<string, number>();
    const paths = (await this.tree.glob(patterns)).filter((path) => {
      const language = detectLanguage(path, { binary: false, firstLine: '' });
      return hasGrammar(language) && files.set(language, (files.get(language) ?? 0) + 1);
    });
    if (paths.length === 0) return `(no source files with a symbol parser match ${patterns.map((p) => JSON.stringify(p)).join(', ')})`;
    // A ranking to compute means files to parse: workers start and load grammars meanwhile.
    const prepare = () =>
      this.prepare([...files].filter(([, count]) => count * PREPARE_SHARE >= paths.length).map(([language]) => language));
    const ranked = await rankForOutline(this.tree, paths, patterns, this.cache.imports, prepare);
    return fitOutline(ranked, options.maxTokens, async (path) => {
      const parsed = await this.parse(path).catch(() => undefined);
      return { path, lines: parsed?.result.lines ?? 0, result: parsed?.result ?? { symbols: [], references: [] } };
    });
  }

  /**
   * Parses files in the background, most likely first, so symbols, refs and outline find them
   * warm: one file at a time on one worker, after every other parse, once the run's first
   * request has had time to leave. The likeliest are the top of the outlines a model asks for
   * first: of the main file type (every .py file), ranked and its top parsed before the whole
   * tree is ranked, then both in turn (their rankings are kept). Best effort; ends when `signal`
   * aborts, after `maxFiles`, or when every file is cached.
   */
  async warmUp(signal: AbortSignal, options: { files?: readonly string[]; maxFiles?: number; startDelayMs?: number } = {}): Promise<void> {
    try {
      const listed = options.files ?? (await this.tree.files());
      await new Promise((resolve) => setTimeout(resolve, options.startDelayMs ?? WARM_UP_DELAY_MS).unref());
      if (signal.aborted) return;
      const paths = listed.filter((path) => hasGrammar(detectLanguage(path, { binary: false, firstLine: '' })));
      const max = options.maxFiles ?? WARM_UP_MAX_FILES;
      const parsed = new Set<string>();
      const parseInOrder = async (ranked: readonly string[]) => {
        for (const path of ranked) {
          if (signal.aborted || parsed.size >= max) return;
          if (parsed.has(path)) continue;
          parsed.add(path);
          await this.parse(path, false, 'background').catch(() => undefined);
        }
      };
      const rankings: (readonly string[])[] = [];
      const main = mainFileType(paths);
      if (main) {
        const parsable = new Set(paths);
        const mainPaths = (await this.tree.glob([main])).filter((path) => parsable.has(path));
        rankings.push(await rankForOutline(this.tree, mainPaths, [main], this.cache.imports));
        await parseInOrder(rankings[0]!.slice(0, FIRST_OUTLINE_FILES)); // before the whole tree's scan
      }
      if (signal.aborted) return;
      rankings.push(await rankForOutline(this.tree, paths, ['**'], this.cache.imports));
      await parseInOrder(takeInTurn(rankings, max));
    } catch {
      // warming only saves time later; a failure here shows up, with its message, when a cell asks
    }
  }

  /** Writes the cache and stops the workers this index started. */
  async close(): Promise<void> {
    if (this.ownsPool) this.pool.close();
    await this.cache.flush();
  }

  /** Starts the workers and has them load these languages' grammars, once per language. */
  private prepare(languages: readonly string[]): void {
    const fresh = languages.filter((language) => hasGrammar(language) && !this.prepared.has(language));
    for (const language of fresh) this.prepared.add(language);
    if (fresh.length) this.pool.prepare?.(fresh);
  }

  /** The signature changes whenever a language's queries change, so old cache entries stop matching. */
  private queryInfo(language: string): { signature: string; hasReferences: boolean } {
    let info = this.queries.get(language);
    if (!info) {
      const source = querySource(GRAMMARS[language]);
      info = { signature: createHash('sha1').update(source).digest('hex'), hasReferences: /@reference\./.test(source) };
      this.queries.set(language, info);
    }
    return info;
  }

  private hasReferenceQuery(language: string): boolean {
    return hasGrammar(language) && this.queryInfo(language).hasReferences;
  }
}

type SymbolsOfFile = { language: string; symbols: JsonText<SymbolInfo[]>; note?: string };

function symbolsOfFile(path: string, language: string, symbols: JsonText<SymbolInfo[]>, warning: string | undefined): SymbolsOfFile {
  if (!hasGrammar(language)) return { language, symbols, note: `no symbol parser for ${language} files; use grep or peek` };
  return { language, symbols, ...(warning ? { note: `${path}: ${warning}` } : {}) };
}
