// A FileTree that reports which files and lines model code read, so trace nodes can carry
// file references (the panel and the chat show them as citations).
import type { TraceRef } from '../protocol/trace.js';
import type { FileStat, FileTree, GrepQuery, GrepResult, LineRange, WorkspacePath } from '../workspace/fileTree.js';

export class RecordingTree implements FileTree {
  readonly roots: readonly string[];

  constructor(
    private readonly base: FileTree,
    private readonly onRef: (ref: TraceRef) => void,
  ) {
    this.roots = base.roots;
  }

  files(signal?: AbortSignal): Promise<readonly WorkspacePath[]> {
    return this.base.files(signal);
  }

  glob(patterns: readonly string[], signal?: AbortSignal): Promise<WorkspacePath[]> {
    return this.base.glob(patterns, signal);
  }

  sizes(paths: readonly WorkspacePath[], signal?: AbortSignal): Promise<number[]> {
    return this.base.sizes(paths, signal);
  }

  stat(path: WorkspacePath, signal?: AbortSignal): Promise<FileStat> {
    return this.base.stat(path, signal);
  }

  fingerprint(path: WorkspacePath): Promise<{ size: number; mtimeMs: number }> {
    return this.base.fingerprint(path);
  }

  fingerprintNow(path: WorkspacePath): { size: number; mtimeMs: number } | undefined {
    return this.base.fingerprintNow?.(path);
  }

  fingerprints(paths: readonly WorkspacePath[]): Promise<({ size: number; mtimeMs: number } | undefined)[]> {
    return this.base.fingerprints(paths);
  }

  async read(path: WorkspacePath, options?: { maxBytes?: number }): Promise<string> {
    const text = await this.base.read(path, options);
    this.onRef({ path, startLine: 1, endLine: Math.max(1, text.split('\n').length - (text.endsWith('\n') ? 1 : 0)) });
    return text;
  }

  async lines(path: WorkspacePath, startLine: number, endLine: number, signal?: AbortSignal): Promise<LineRange> {
    const range = await this.base.lines(path, startLine, endLine, signal);
    if (range.lines.length) this.onRef({ path: range.path, startLine: range.startLine, endLine: range.endLine });
    return range;
  }

  grep(query: GrepQuery): Promise<GrepResult> {
    return this.base.grep(query);
  }

  redact(text: string): Promise<string> {
    return this.base.redact(text);
  }
}
