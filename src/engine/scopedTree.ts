// The file tree of a child RLM: only the paths its caller gave it. Every call is checked, so
// a child cannot list, read or grep anything outside its scope.
import {
  ToolError,
  type FileStat,
  type FileTree,
  type GrepQuery,
  type GrepResult,
  type LineRange,
  type WorkspacePath,
} from '../workspace/fileTree.js';
import { normalizeDir } from './repl/format.js';

export class ScopedTree implements FileTree {
  readonly roots: readonly string[];
  private readonly scope: string[];

  /** @param scope files or folders (workspace paths) the child may see */
  constructor(
    private readonly base: FileTree,
    scope: readonly string[],
  ) {
    this.roots = base.roots;
    this.scope = [...new Set(scope.map(normalizeDir))].filter((s) => s !== '' || scope.length === 1);
  }

  /** True when the path is one of the scope's files or lies below one of its folders. */
  contains(path: WorkspacePath): boolean {
    const p = normalizeDir(path);
    return this.scope.some((s) => s === '' || p === s || p.startsWith(`${s}/`));
  }

  describeScope(): string {
    return this.scope.map((s) => JSON.stringify(s || '.')).join(', ');
  }

  async files(signal?: AbortSignal): Promise<readonly WorkspacePath[]> {
    return (await this.base.files(signal)).filter((f) => this.contains(f));
  }

  async glob(patterns: readonly string[], signal?: AbortSignal): Promise<WorkspacePath[]> {
    return (await this.base.glob(patterns, signal)).filter((f) => this.contains(f));
  }

  sizes(paths: readonly WorkspacePath[], signal?: AbortSignal): Promise<number[]> {
    paths.forEach((p) => this.check(p));
    return this.base.sizes(paths, signal);
  }

  stat(path: WorkspacePath, signal?: AbortSignal): Promise<FileStat> {
    return this.base.stat(this.check(path), signal);
  }

  fingerprint(path: WorkspacePath): Promise<{ size: number; mtimeMs: number }> {
    return this.base.fingerprint(this.check(path));
  }

  fingerprintNow(path: WorkspacePath): { size: number; mtimeMs: number } | undefined {
    return this.contains(path) ? this.base.fingerprintNow?.(path) : undefined; // outside: fingerprint() refuses
  }

  fingerprints(paths: readonly WorkspacePath[]): Promise<({ size: number; mtimeMs: number } | undefined)[]> {
    paths.forEach((p) => this.check(p));
    return this.base.fingerprints(paths);
  }

  read(path: WorkspacePath, options?: { maxBytes?: number }): Promise<string> {
    return this.base.read(this.check(path), options);
  }

  lines(path: WorkspacePath, startLine: number, endLine: number, signal?: AbortSignal): Promise<LineRange> {
    return this.base.lines(this.check(path), startLine, endLine, signal);
  }

  redact(text: string): Promise<string> {
    return this.base.redact(text);
  }

  async grep(query: GrepQuery): Promise<GrepResult> {
    // Search the scope (or the query's own globs), then keep what lies in the scope and cut again.
    const result = await this.base.grep({ ...query, glob: query.glob ?? this.scope.filter(Boolean), maxResults: 0 });
    const matches = result.matches.inFiles((path) => this.contains(path));
    const truncated = query.maxResults > 0 && matches.length > query.maxResults;
    const kept = truncated ? matches.slice(query.maxResults) : matches;
    return { matches: kept, truncated, ...(result.note ? { note: result.note } : {}) };
  }

  private check(path: WorkspacePath): WorkspacePath {
    if (typeof path === 'string' && this.contains(path)) return path;
    throw new ToolError(
      `${JSON.stringify(path)} is outside the files this sub-RLM was given (${this.describeScope()}); work with those, or say in your answer what else is needed.`,
    );
  }
}
