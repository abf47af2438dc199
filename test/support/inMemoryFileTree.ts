// A FileTree held in memory: for tests of the engine and of the symbol service that are about
// them, not about the disk. Single root, no ignore or secret rules; grep uses JS RegExp line by
// line (the real tree uses ripgrep), globs follow the real tree's rules (gitignore-style, exact
// paths, folders expand); inMemoryFileTree.test.ts checks it against the real tree. Every read()
// is recorded, and write() changes a file's text and its modification time, as an editor would.
import picomatch from 'picomatch/posix';
import { GrepMatches } from '../../src/workspace/grepMatches.js';
import {
  ToolError,
  type FileStat,
  type FileTree,
  type GrepMatch,
  type GrepQuery,
  type GrepResult,
  type LineRange,
  type WorkspacePath,
} from '../../src/workspace/fileTree.js';
import { detectLanguage } from '../../src/workspace/languages.js';
import { splitLines } from '../../src/workspace/lineIndex.js';
import { cutLongLine } from '../../src/workspace/longLines.js';
import { parseWorkspacePath } from '../../src/workspace/paths.js';

export interface InMemoryFileTreeOptions {
  /** The root's name (the workspace summary shows it). Default "workspace". */
  name?: string;
  /** Modification time of every file until it is written. Default 2020-01-01, far from any racy window. */
  mtimeMs?: number;
  /** read() refuses larger files, as the real tree does. Default 2 MiB. */
  maxReadBytes?: number;
}

interface Entry {
  text: string;
  mtimeMs: number;
}

export class InMemoryFileTree implements FileTree {
  readonly roots: readonly string[];
  /** Paths passed to read(), in order. */
  readonly reads: WorkspacePath[] = [];
  private readonly entries = new Map<WorkspacePath, Entry>();
  private readonly maxReadBytes: number;

  constructor(files: Readonly<Record<WorkspacePath, string>>, options: InMemoryFileTreeOptions = {}) {
    this.roots = [options.name ?? 'workspace'];
    this.maxReadBytes = options.maxReadBytes ?? 2 * 1024 * 1024;
    const mtimeMs = options.mtimeMs ?? Date.UTC(2020, 0, 1);
    for (const [path, text] of Object.entries(files)) this.entries.set(path, { text, mtimeMs });
  }

  /** Replaces (or adds) a file; its modification time moves on. */
  write(path: WorkspacePath, text: string): void {
    const previous = this.entries.get(path)?.mtimeMs ?? Date.UTC(2020, 0, 1);
    this.entries.set(path, { text, mtimeMs: previous + 1000 });
  }

  /** Removes a file, as a deletion on disk would. */
  delete(path: WorkspacePath): void {
    this.entries.delete(path);
  }

  async files(): Promise<readonly WorkspacePath[]> {
    return [...this.entries.keys()].sort();
  }

  async glob(patterns: readonly string[]): Promise<WorkspacePath[]> {
    const files = await this.files();
    const globs = patterns.filter((p) => !this.entries.has(p) && !files.some((f) => f.startsWith(`${p}/`)));
    const isMatch = globs.length
      ? picomatch(
          globs.map((g) => (g.includes('/') ? g : `**/${g}`)),
          { dot: true },
        )
      : () => false;
    return files.filter((file) => patterns.some((p) => file === p || file.startsWith(`${p}/`)) || isMatch(file));
  }

  async sizes(paths: readonly WorkspacePath[]): Promise<number[]> {
    return paths.map((path) => byteLength(this.entry(path).text));
  }

  async stat(path: WorkspacePath): Promise<FileStat> {
    const { text } = this.entry(path);
    const binary = text.includes('\0');
    const size = byteLength(text);
    return {
      path,
      size,
      lines: binary ? 0 : splitLines(text).length,
      language: detectLanguage(path, { binary, firstLine: binary ? '' : (text.split(/\r?\n/, 1)[0] ?? '') }),
      tokens: binary ? 0 : Math.ceil(size / 4),
      binary,
    };
  }

  async fingerprint(path: WorkspacePath): Promise<{ size: number; mtimeMs: number }> {
    const entry = this.entry(path);
    return { size: byteLength(entry.text), mtimeMs: entry.mtimeMs };
  }

  async fingerprints(paths: readonly WorkspacePath[]): Promise<({ size: number; mtimeMs: number } | undefined)[]> {
    return Promise.all(paths.map((path) => this.fingerprint(path).catch(() => undefined)));
  }

  async read(path: WorkspacePath, options: { maxBytes?: number } = {}): Promise<string> {
    this.reads.push(path);
    const { text } = this.entry(path);
    const maxBytes = options.maxBytes ?? this.maxReadBytes;
    if (text.includes('\0')) throw new ToolError(`${JSON.stringify(path)} is a binary file; it cannot be read as text.`);
    if (byteLength(text) > maxBytes) throw new ToolError(`${JSON.stringify(path)} is over the read limit; use peek or grep.`);
    return text;
  }

  async lines(path: WorkspacePath, startLine: number, endLine: number): Promise<LineRange> {
    const all = splitLines(this.entry(path).text);
    const first = Math.min(Math.max(1, Math.floor(startLine)), all.length + 1);
    const last = Math.min(Math.floor(endLine), all.length);
    const lines = all
      .slice(first - 1, Math.max(first - 1, last))
      .map((line, i) => cutLongLine(line, byteLength(all[first - 1 + i]! + '\n')));
    return { path, startLine: first, endLine: first + lines.length - 1, totalLines: all.length, lines };
  }

  /** No redaction here: the fake holds what each test gives it, and tests of redaction use the real tree. */
  async redact(text: string): Promise<string> {
    return text;
  }

  async grep(query: GrepQuery): Promise<GrepResult> {
    if (query.signal?.aborted) throw new Error('The search was aborted.');
    const regex = new RegExp(query.pattern, `${query.ignoreCase ? 'i' : ''}${query.multiline ? 's' : ''}`);
    const files = query.glob?.length ? await this.glob(query.glob) : await this.files();
    const matches: GrepMatch[] = [];
    const context = query.contextLines ?? 0;
    for (const path of files) {
      const { text } = this.entry(path);
      if (text.includes('\0')) continue;
      const lines = splitLines(text);
      lines.forEach((line, i) => {
        const found = regex.exec(line);
        if (!found) return;
        const before = lines.slice(Math.max(0, i - context), i);
        const after = lines.slice(i + 1, i + 1 + context);
        matches.push({
          path,
          line: i + 1,
          column: found.index + 1,
          text: line,
          ...(before.length ? { before } : {}),
          ...(after.length ? { after } : {}),
        });
      });
    }
    const limit = query.maxResults || Infinity;
    return { matches: GrepMatches.of(matches.slice(0, limit)), truncated: matches.length > limit };
  }

  private entry(path: WorkspacePath): Entry {
    const entry = this.entries.get(parseWorkspacePath(path, this.roots).workspacePath);
    if (!entry) throw new ToolError(`No such file: ${JSON.stringify(path)} (use glob or ls to find paths).`);
    return entry;
  }
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}
