// What the symbols layer returns. Lines are 1-based and inclusive.
import type { JsonText } from '../sandbox/sandbox.js';

export interface SymbolInfo {
  name: string;
  /** function | method | class | interface | type | enum | struct | trait | impl | module | constant | macro | … */
  kind: string;
  /** The line where the definition itself starts (for a decorated Python function: the `def` line). */
  startLine: number;
  /** The last line of its body. */
  endLine: number;
  /** Qualified name of the enclosing definition ("Outer.Inner"), if any. */
  container?: string;
}

export interface ExtractedSymbol extends SymbolInfo {
  /** First line of the leading decorators and doc comments; slice() starts here. */
  sliceStartLine: number;
}

export interface ReferenceInfo {
  name: string;
  line: number;
  /** 1-based JS string column. */
  column: number;
  /** call | class | type | implementation | … (from the query's `@reference.<kind>` capture). */
  kind: string;
}

/** Everything one parse of a file yields; cached by content hash. */
export interface FileSymbols {
  symbols: ExtractedSymbol[];
  references: ReferenceInfo[];
  /** Set when the file could not be parsed completely (syntax errors, time-out); the lists hold what was found. */
  warning?: string;
  /** Line count of the parsed text (for outlines), filled in by the index. */
  lines?: number;
  /** Parsed for symbols only: `references` is empty because nobody asked, not because there are none. */
  referencesOmitted?: boolean;
  /** The result comes from a failure (time-out, crash) that may not happen again: do not cache it. */
  transient?: boolean;
}

export interface SliceResult {
  path: string;
  name: string;
  kind: string;
  startLine: number;
  endLine: number;
  /** Source from the leading decorators/doc comments through the end of the body. */
  text: string;
}

export interface RefLocation {
  path: string;
  line: number;
  column: number;
  /** The reference kind from the tags query, or "text" for a word match in a language without reference queries. */
  kind: string;
}

/** What the REPL's symbol functions need; the engine sees only this. Notes are hints for the model. */
export interface SymbolProvider {
  /** The symbols as JSON text (a warm cache's stored form, handed on without decoding); `.value()` decodes them. */
  symbols(path: string): Promise<{ language: string; symbols: JsonText<SymbolInfo[]>; note?: string }>;
  /** symbols() answered at once when nothing needs an await (an unchanged file, a warm cache); undefined: call symbols(). */
  symbolsNow?(path: string): { language: string; symbols: JsonText<SymbolInfo[]>; note?: string } | undefined;
  slice(path: string, name: string): Promise<{ slice: SliceResult | null; note?: string }>;
  refs(name: string, options: { glob?: string[]; maxResults: number }): Promise<{ refs: RefLocation[]; truncated: boolean; note?: string }>;
  outline(patterns: string[], options: { maxTokens: number }): Promise<string>;
}

/** Turns one file's text into symbols: the worker pool (ParsePool), or a named fake in tests. */
/** `background` parses (warming the cache) wait while any other parse is queued, and use one worker at most. */
export type ParsePriority = 'normal' | 'background';

export interface ParseOptions {
  priority?: ParsePriority;
  /** False: definitions only, `referencesOmitted` set (default true). */
  references?: boolean;
}

export interface SymbolParser {
  /** Never rejects: failures come back as an empty result with a warning. */
  parse(language: string, text: string, options?: ParseOptions): Promise<FileSymbols>;
  /** Gets ready to parse these languages soon (starts workers, loads grammars); optional. */
  prepare?(languages: readonly string[]): void;
  close(): void;
}
