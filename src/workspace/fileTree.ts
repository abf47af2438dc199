// The contract between the engine (which only sees this interface) and the workspace
// implementation. Types only: no Node imports, so engine/ may depend on it.
import type { GrepMatches } from './grepMatches.js';
import type { ListingCounts } from './listingCounts.js';

/** A workspace-relative POSIX path. With several roots the first segment is the root's name. */
export type WorkspacePath = string;

export interface FileStat {
  path: WorkspacePath;
  size: number;
  /** Number of lines (a final line without a newline counts). 0 for binary files. */
  lines: number;
  /** Language id from the extension or shebang ("typescript", "python", …) or "text" / "binary". */
  language: string;
  /** Rough token estimate (characters / 4). */
  tokens: number;
  binary: boolean;
}

export interface LineRange {
  path: WorkspacePath;
  /** First and last line actually returned (1-based, inclusive); endLine < startLine when empty. */
  startLine: number;
  endLine: number;
  totalLines: number;
  lines: string[];
}

export interface GrepQuery {
  /** A regular expression (ripgrep syntax, PCRE2 where needed: look-around, back-references). */
  pattern: string;
  ignoreCase?: boolean;
  /** `.` also matches newlines and the pattern may span lines (JS `s` flag). */
  multiline?: boolean;
  /** Only files matching one of these globs (matched against the workspace path). */
  glob?: string[];
  /** 0 = all. */
  maxResults: number;
  contextLines?: number;
  signal?: AbortSignal;
  /** The matches reach no model (the outline's import scan ranks by them): credentials are not redacted. Never from model input. */
  unredacted?: boolean;
}

export interface GrepMatch {
  path: WorkspacePath;
  line: number;
  /** 1-based column of the first match in `text` (JS string index + 1). */
  column: number;
  text: string;
  before?: string[];
  after?: string[];
}

export interface GrepResult {
  /** As columns (grepMatches.ts); `rows()` gives the GrepMatch objects. */
  matches: GrepMatches;
  /** True when more matches existed than `maxResults`. */
  truncated: boolean;
  /** Said to the model beside the matches: files the pattern could not be run over, and what to do. */
  note?: string;
}

/**
 * A read-only view of one or more folders, with ignore and secret rules applied. A `signal`
 * (the calling cell's) stops the work it started: rg is killed, a line index stops scanning.
 */
export interface FileTree {
  /** Names of the mounted roots, in order. With a single root paths carry no root prefix. */
  readonly roots: readonly string[];
  /** Every visible file, sorted by path. */
  files(signal?: AbortSignal): Promise<readonly WorkspacePath[]>;
  /** What the workspace summary needs of files(), where a tree knows it sooner (WorkspaceTree: as ripgrep walks). */
  listingCounts?(signal?: AbortSignal): Promise<ListingCounts>;
  /**
   * Visible files matching any of the globs, in listing order. Globs are gitignore-style: a
   * pattern without "/" matches at any depth; an exact file or folder path means that file or
   * everything below the folder — the same rules as grep's `glob` option.
   */
  glob(patterns: readonly string[], signal?: AbortSignal): Promise<WorkspacePath[]>;
  /** Sizes in bytes of the given visible files, in the same order. */
  sizes(paths: readonly WorkspacePath[], signal?: AbortSignal): Promise<number[]>;
  stat(path: WorkspacePath, signal?: AbortSignal): Promise<FileStat>;
  /** Size and modification time of a visible file, without reading it (for caches). */
  fingerprint(path: WorkspacePath): Promise<{ size: number; mtimeMs: number }>;
  /**
   * fingerprint() answered at once, without an await, when that is possible (the listing in hand, a
   * listed regular file); undefined otherwise, and fingerprint() then answers or refuses.
   */
  fingerprintNow?(path: WorkspacePath): { size: number; mtimeMs: number } | undefined;
  /** fingerprint() of many paths in one pass (an outline's ranking); undefined where a path is not a visible file. */
  fingerprints(paths: readonly WorkspacePath[]): Promise<({ size: number; mtimeMs: number } | undefined)[]>;
  /** Whole text of a visible, non-binary file under the size cap (`maxBytes` overrides the tree's cap). */
  read(path: WorkspacePath, options?: { maxBytes?: number }): Promise<string>;
  /**
   * Lines start..end (1-based, inclusive, clamped) of a visible text file of any size. A line over
   * MAX_PEEK_LINE_CHARS (longLines.ts) is cut there, with a marker giving its length.
   */
  lines(path: WorkspacePath, startLine: number, endLine: number, signal?: AbortSignal): Promise<LineRange>;
  grep(query: GrepQuery): Promise<GrepResult>;
  /** Credentials in other text bound for a model (a sub-call's prompt), by this tree's redaction setting. */
  redact(text: string): Promise<string>;
}

/**
 * Errors meant for the model: the message says what went wrong and what to do next.
 * Anything else thrown by a tool is reported as an internal error.
 */
export class ToolError extends Error {
  override readonly name = 'ToolError';
}
