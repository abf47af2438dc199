// The workspace as the model sees it: visible files of one or more folders on disk, read-only.
import { lstatSync } from 'node:fs';
import { open, readFile, realpath, stat } from 'node:fs/promises';
import { basename, relative, resolve, sep } from 'node:path';
import { findListedForMetadata, resolveListed, resolveReadable, type AccessContext, type ReadableFile } from './access.js';
import { RedactionCache, redactFile, type ChangedLine } from './redaction/fileRedaction.js';
import { BINARY_SNIFF_BYTES, decodeText, isBinary } from './decode.js';
import {
  ToolError,
  type FileStat,
  type FileTree,
  type GrepQuery,
  type GrepResult,
  type LineRange,
  type WorkspacePath,
} from './fileTree.js';
import { formatBytes } from './format.js';
import { globFiles } from './globFiles.js';
import { toWorkspacePath } from './paths.js';
import { grepWorkspace } from './grep.js';
import { detectLanguage } from './languages.js';
import { LineIndexCache, lineBytes, readLineRange, type LineIndex } from './lineIndex.js';
import { cutLongLine, LINE_HEAD_BYTES } from './longLines.js';
import { type VisibilityRules } from './listing.js';
import { ListingTally, type ListingCounts } from './listingCounts.js';
import { MarkedFiles, WHOLE_FILE_REDACTION_BYTES } from './redaction/markedFiles.js';
import { fileStamp, type FileStamp } from './redaction/markerLines.js';
import { redactGrepResult } from './redaction/redactGrep.js';
import { redactText } from './redaction/redactor.js';
import { isCredentialCandidate } from './secretContent.js';
import { SharedWork } from './sharedWork.js';
import { VisibleFiles } from './visibleFiles.js';
import { listVisibleRoot } from './visibleListing.js';

export interface WorkspaceRoot {
  path: string;
  /** Prefix of this root's paths when there are several roots; defaults to the folder's name. */
  name?: string;
}

export interface WorkspaceTreeOptions {
  roots: readonly WorkspaceRoot[];
  /** Show secret files (.env, keys, credential stores). Off by default. */
  allowSecrets?: boolean;
  /** Replace credentials inside ordinary files with «redacted: kind» placeholders. On by default. */
  redactSecrets?: boolean;
  /** More globs to hide, relative to each root, gitignore-style (e.g. VS Code's `files.exclude`). */
  exclude?: readonly string[];
  /** When set, only files matching one of these globs are visible (grep filters by the listing). */
  include?: readonly string[];
  /** Largest file `read()` returns whole; larger files are read with `lines()`. Default 2 MiB. */
  maxReadBytes?: number;
  /** ripgrep binary to use instead of the bundled one. */
  rgPath?: string;
  /** Where the credential scan keeps its clean verdicts between processes (cleanVerdicts.ts); none: every listing reads every candidate. */
  listingCacheDir?: string;
}

/** Files whose content decides what ripgrep lists. */
const IGNORE_FILES = new Set(['.gitignore', '.ignore', '.rgignore']);

export const DEFAULT_MAX_READ_BYTES = 2 * 1024 * 1024;
const REDACTION_MARGIN_LINES = 200;
const GLOBS_KEPT = 8;
/** Loops over every file yield to the event loop this often. */
const YIELD_EVERY = 1_000;
/** read(): files up to this size are read whole before the binary sniff (a binary one costs little to read). */
const SNIFF_WHOLE_BYTES = 1024 * 1024;

export class WorkspaceTree implements FileTree {
  readonly roots: readonly string[];
  private readonly rootPaths: readonly string[];
  private readonly rules: VisibilityRules;
  private readonly maxReadBytes: number;
  private listing: SharedWork<VisibleFiles> | undefined;
  /** That listing once it is in hand, for fingerprintNow. */
  private listed: { listing: SharedWork<VisibleFiles>; context: AccessContext } | undefined;
  /** The listing's counts for the summary (listingCounts): known before it is sorted when asked for in time. */
  private tally: ListingTally | undefined;
  private readonly sizeCache = new Map<WorkspacePath, number>();
  /** Recent glob results over the current listing (a new listing starts afresh). */
  private globs: { visible?: VisibleFiles; results: Map<string, readonly WorkspacePath[]> } = { results: new Map() };
  private readonly rootRealPaths = new Map<number, Promise<string>>();
  private readonly lineIndexes = new LineIndexCache();
  private readonly redactSecrets: boolean;
  private readonly listingCacheDir: string | undefined;
  private readonly redactions = new RedactionCache();
  private readonly markedFiles = new MarkedFiles();

  constructor(options: WorkspaceTreeOptions) {
    if (options.roots.length === 0) throw new Error('WorkspaceTree needs at least one root folder.');
    this.rootPaths = options.roots.map((root) => resolve(root.path));
    this.roots = uniqueRootNames(options.roots.map((root, i) => root.name ?? basename(this.rootPaths[i])));
    this.rules = {
      allowSecrets: options.allowSecrets ?? false,
      exclude: options.exclude ?? [],
      include: options.include ?? [],
      rgPath: options.rgPath,
    };
    this.maxReadBytes = options.maxReadBytes ?? DEFAULT_MAX_READ_BYTES;
    this.redactSecrets = options.redactSecrets ?? true;
    this.listingCacheDir = options.listingCacheDir;
  }

  async files(signal?: AbortSignal): Promise<readonly WorkspacePath[]> {
    return (await this.visible(signal)).files;
  }

  async listingCounts(signal?: AbortSignal): Promise<ListingCounts> {
    const whole = this.visible(signal, true);
    const tally = this.tally!; // set by visible()
    // A failed or stopped listing rejects; one that ended without counting is counted now.
    return Promise.race([tally.counted, whole.then((visible) => tally.ofListing(visible.files))]);
  }

  async glob(patterns: readonly string[], signal?: AbortSignal): Promise<WorkspacePath[]> {
    const visible = await this.visible(signal);
    // A cell's glob and the outline or grep after it often match the same patterns against 50k paths.
    const key = JSON.stringify(patterns);
    if (this.globs.visible !== visible) this.globs = { visible, results: new Map() };
    let found = this.globs.results.get(key);
    if (!found) {
      found = globFiles(patterns, this.roots, visible);
      if (this.globs.results.size >= GLOBS_KEPT) this.globs.results.clear();
      this.globs.results.set(key, found);
    }
    return [...found];
  }

  /** Forgets the listing and cached sizes and line indexes, e.g. after files changed on disk. */
  refresh(): void {
    this.listing = undefined;
    this.sizeCache.clear();
    this.lineIndexes.clear();
    this.redactions.clear();
    this.markedFiles.clear();
  }

  /**
   * A file watcher saw `absPath` created, deleted or changed. A change of content drops only its
   * cached size, unless it can change what is visible (an ignore file, a file checked for
   * credentials); anything else drops the listing. Returns whether the listing was dropped.
   */
  onDiskChange(absPath: string, kind: 'created' | 'deleted' | 'changed'): boolean {
    const rootIndex = this.rootPaths.findIndex((root) => absPath.startsWith(root + sep));
    if (rootIndex < 0) return false;
    const path = relative(this.rootPaths[rootIndex], absPath).split(sep).join('/');
    if (path === '.git' || path.startsWith('.git/')) return false; // never listed; busy during every git command
    if (kind === 'changed' && !IGNORE_FILES.has(basename(path)) && !isCredentialCandidate(path)) {
      this.sizeCache.delete(toWorkspacePath(this.roots, rootIndex, path));
      return false;
    }
    this.refresh();
    return true;
  }

  async sizes(paths: readonly WorkspacePath[], signal?: AbortSignal): Promise<number[]> {
    const context = await this.accessContext(signal);
    const sizes: number[] = [];
    for (const path of paths) {
      // Sync lstat is several times faster than fs.promises for tens of thousands of files;
      // yielding every few hundred keeps the event loop responsive.
      if (sizes.length % 500 === 499) {
        await new Promise((resolve) => setImmediate(resolve));
        signal?.throwIfAborted();
      }
      sizes.push(this.sizeCache.get(path) ?? (await this.readSize(path, context)));
    }
    return sizes;
  }

  async stat(path: WorkspacePath, signal?: AbortSignal): Promise<FileStat> {
    const file = await this.resolve(path, signal);
    const info = await stat(file.absPath);
    this.sizeCache.set(file.workspacePath, info.size);
    const head = await readHead(file.absPath);
    const binary = isBinary(head);
    const firstLine = binary ? '' : decodeText(head.subarray(0, 256)).split(/\r?\n/, 1)[0];
    const lines = binary ? 0 : (await this.lineIndexes.get(file.absPath, info.size, info.mtimeMs, signal)).lineCount;
    return {
      path: file.workspacePath,
      size: info.size,
      lines,
      language: detectLanguage(file.workspacePath, { binary, firstLine }),
      tokens: binary ? 0 : Math.ceil(info.size / 4),
      binary,
    };
  }

  async fingerprint(path: WorkspacePath): Promise<{ size: number; mtimeMs: number }> {
    // Listed and a regular file (lstat: a link that appeared since listing is not followed) is
    // enough here: nothing is read, and a read that follows still makes every check.
    const context = await this.accessContext();
    const file = findListedForMetadata(path, context) ?? (await resolveListed(path, context));
    const info = lstatSync(file.absPath, { throwIfNoEntry: false });
    if (!info?.isFile()) await this.resolve(path); // throws the precise refusal
    return { size: info?.size ?? 0, mtimeMs: info?.mtimeMs ?? 0 };
  }

  /**
   * fingerprint() without awaiting the listing (a warm run's symbols() loop asks for thousands,
   * and the awaits along the way cost more than the lstat): the same lstat of the same listed file.
   */
  fingerprintNow(path: WorkspacePath): { size: number; mtimeMs: number } | undefined {
    const listed = this.listed;
    // The listing fingerprint() would await, already in hand; not one refresh() dropped or every caller gave up.
    const context = listed && listed.listing === this.listing && !listed.listing.abandoned ? listed.context : undefined;
    return context && listedFileStamp(path, context); // undefined: fingerprint() answers, or gives the precise refusal
  }

  async fingerprints(paths: readonly WorkspacePath[]): Promise<({ size: number; mtimeMs: number } | undefined)[]> {
    const context = await this.accessContext();
    const seen: ({ size: number; mtimeMs: number } | undefined)[] = [];
    for (const path of paths) {
      if (seen.length % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
      seen.push(listedFileStamp(path, context));
    }
    return seen;
  }

  async read(path: WorkspacePath, options: { maxBytes?: number } = {}): Promise<string> {
    const maxBytes = options.maxBytes ?? this.maxReadBytes;
    const file = await this.resolve(path);
    const shown = JSON.stringify(file.workspacePath);
    // Stamped before reading: a change while reading gives a new stamp, never old redaction on new text.
    const stamp = await stat(file.absPath);
    const { size } = stamp;
    // A small file is read whole and sniffed below (one open, not two); a large one by its head first.
    if (size > Math.min(maxBytes, SNIFF_WHOLE_BYTES) && isBinary(await readHead(file.absPath))) throw binaryError(shown, size);
    if (size > maxBytes) {
      throw new ToolError(
        `${shown} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} read limit; ` +
          `use peek(${shown}, start, end) or grep(pattern, {glob: ${shown}}).`,
      );
    }
    const bytes = await readFile(file.absPath);
    if (isBinary(bytes)) throw binaryError(shown, bytes.length);
    const text = decodeText(bytes);
    if (!this.redactSecrets) return text;
    const redaction = await this.redactions.get(file.absPath, stamp, file.workspacePath, () => Promise.resolve(text));
    return redaction.text ?? text;
  }

  /** Credentials in text bound for a model (a sub-call's prompt), by this tree's redaction setting. */
  async redact(text: string): Promise<string> {
    return this.redactSecrets ? redactText(text) : text;
  }

  async lines(path: WorkspacePath, startLine: number, endLine: number, signal?: AbortSignal): Promise<LineRange> {
    if (!Number.isFinite(startLine) || !Number.isFinite(endLine)) {
      throw new ToolError(`Line numbers must be numbers, like peek("src/index.ts", 1, 100); got ${startLine} and ${endLine}.`);
    }
    const file = await this.resolve(path, signal);
    const index = await this.textIndex(file, signal);
    const start = Math.max(1, Math.floor(startLine));
    const first = Math.min(start, index.lineCount + 1);
    const last = Math.min(Math.floor(endLine), index.lineCount);
    const lines = await readLineRange(file.absPath, index, first, last, LINE_HEAD_BYTES);
    const changed = this.redactSecrets ? await this.changedLines(file, index, [first, last]) : undefined;
    lines.forEach((line, i) => (lines[i] = cutLongLine(changed?.get(first + i)?.redacted ?? line, lineBytes(index, first + i))));
    return { path: file.workspacePath, startLine: first, endLine: first + lines.length - 1, totalLines: index.lineCount, lines };
  }

  async grep(query: GrepQuery): Promise<GrepResult> {
    const context = await this.accessContext();
    const redact = this.redactSecrets && !query.unredacted;
    // rg searched only listed files, so each path is exactly as listed: the metadata lookup suffices.
    const absPathOf = (path: WorkspacePath) => findListedForMetadata(path, context)?.absPath ?? '';
    /** Each file's path on disk and version, stamped once rg has handed over all its matches (GrepScope.onFile; MarkerLinesCache.get). */
    const seen = new Map<WorkspacePath, string>();
    const stamps = new Map<string, FileStamp>();
    const stamp = (path: WorkspacePath) => {
      const absPath = absPathOf(path);
      seen.set(path, absPath);
      if (absPath) stamps.set(absPath, fileStamp(absPath));
    };
    const result = await grepWorkspace(query, {
      roots: this.roots,
      rootPaths: this.rootPaths,
      rules: this.rules,
      kindOf: (path) => context.visible.kindOf(path),
      ...(redact ? { onFile: stamp } : {}),
    });
    if (!redact || result.matches.length === 0) return result;
    const absOf = new Map<WorkspacePath, string>();
    for (const path of result.matches.files) if (!absOf.has(path)) absOf.set(path, seen.get(path) ?? absPathOf(path));
    // Only files whose marker lines may hold a credential are redacted; the others' matches pass as rg gave them.
    const marked = await this.markedFiles.among(absOf, this.rules.rgPath, query.signal, stamps);
    if (marked.size === 0) return result;
    return redactGrepResult(
      result,
      query,
      marked,
      async (path, lines) => {
        const file = await this.resolve(path);
        return this.changedLines(file, await this.textIndex(file), lines);
      },
      this.rules.rgPath,
    );
  }

  /**
   * Lines redaction changes in a file, at least among `lines`. Judged on the whole file (cached by
   * size and mtime) up to WHOLE_FILE_REDACTION_BYTES; past that, on windows of lines around them.
   */
  private async changedLines(file: ReadableFile, index: LineIndex, lines: readonly number[]): Promise<ReadonlyMap<number, ChangedLine>> {
    if (lines.length === 0 || index.lineCount === 0) return new Map();
    const info = await stat(file.absPath);
    if (info.size <= WHOLE_FILE_REDACTION_BYTES) {
      const load = async () => decodeText(await readFile(file.absPath), index.encoding);
      return (await this.redactions.get(file.absPath, info, file.workspacePath, load)).changed;
    }
    const changed = new Map<number, ChangedLine>();
    const from = Math.max(1, Math.min(...lines) - REDACTION_MARGIN_LINES);
    const to = Math.min(index.lineCount, Math.max(...lines) + REDACTION_MARGIN_LINES);
    const window = await readLineRange(file.absPath, index, from, to, LINE_HEAD_BYTES);
    for (const [n, line] of (await redactFile(window.join('\n'), file.workspacePath, from)).changed) changed.set(n, line);
    return changed;
  }

  /** `wantCounts`: the summary will ask for the counts (listingCounts), so the walk counts its paths. */
  private visible(signal?: AbortSignal, wantCounts = false): Promise<VisibleFiles> {
    if (!this.listing || this.listing.abandoned) {
      const tally = new ListingTally(this.roots, wantCounts);
      this.tally = tally;
      const listing = new SharedWork((stop) =>
        Promise.all(this.rootPaths.map((root, i) => listVisibleRoot(root, this.rules, this.listingCacheDir, stop, tally, i))).then(
          (lists) => new VisibleFiles(this.roots, lists),
        ),
      );
      this.listing = listing;
      listing.promise.then(
        (visible) => (this.listed = { listing, context: this.contextOf(visible) }),
        () => {},
      );
      listing.promise.catch(() => {
        if (this.listing === listing) this.listing = undefined; // let the next call retry
      });
    } else if (wantCounts) this.tally!.wanted = true;
    return this.listing.join(signal);
  }

  private async resolve(path: WorkspacePath, signal?: AbortSignal): Promise<ReadableFile> {
    return resolveReadable(path, await this.accessContext(signal));
  }

  private async accessContext(signal?: AbortSignal): Promise<AccessContext> {
    return this.contextOf(await this.visible(signal));
  }

  private contextOf(visible: VisibleFiles): AccessContext {
    return {
      roots: this.roots,
      rootPaths: this.rootPaths,
      allowSecrets: this.rules.allowSecrets,
      visible,
      rootRealPath: (rootIndex) => this.rootRealPath(rootIndex),
    };
  }

  private rootRealPath(rootIndex: number): Promise<string> {
    let real = this.rootRealPaths.get(rootIndex);
    if (!real) {
      real = realpath(this.rootPaths[rootIndex]);
      this.rootRealPaths.set(rootIndex, real);
    }
    return real;
  }

  /** Size of a listed file; lstat never follows a link that may have appeared since listing. */
  private async readSize(path: WorkspacePath, context: AccessContext): Promise<number> {
    const file = findListedForMetadata(path, context) ?? (await resolveListed(path, context));
    const info = lstatSync(file.absPath, { throwIfNoEntry: false });
    if (!info)
      throw new ToolError(`No such file: ${JSON.stringify(file.workspacePath)} (it may have been deleted; use glob/ls to find paths).`);
    this.sizeCache.set(file.workspacePath, info.size);
    return info.size;
  }

  private async textIndex(file: ReadableFile, signal?: AbortSignal): Promise<LineIndex> {
    const info = await stat(file.absPath);
    if (isBinary(await readHead(file.absPath))) throw binaryError(JSON.stringify(file.workspacePath), info.size);
    return this.lineIndexes.get(file.absPath, info.size, info.mtimeMs, signal);
  }
}

function binaryError(shown: string, size: number): ToolError {
  return new ToolError(`${shown} is a binary file (${size} bytes); it cannot be read as text.`);
}

async function readHead(absPath: string): Promise<Uint8Array> {
  const handle = await open(absPath, 'r');
  try {
    const buffer = Buffer.alloc(BINARY_SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Root names become path prefixes: no slashes, none empty, no duplicates ("app", "app-2"). */
function uniqueRootNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((raw, i) => {
    const base = raw.replace(/[/\\]/g, '_').trim() || `root${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name) || name === '.' || name === '..'; n++) name = `${base}-${n}`;
    used.add(name);
    return name;
  });
}

/**
 * Size and mtime of a listed regular file by one lstat (a link that appeared since listing is not
 * followed); undefined for anything else, a folder included.
 */
function listedFileStamp(path: WorkspacePath, context: AccessContext): { size: number; mtimeMs: number } | undefined {
  let file: ReadableFile | undefined;
  try {
    file = findListedForMetadata(path, context);
  } catch {
    return undefined; // a folder: not a file to fingerprint
  }
  const info = file && lstatSync(file.absPath, { throwIfNoEntry: false });
  return info?.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : undefined;
}
