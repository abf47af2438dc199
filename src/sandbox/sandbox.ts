// The contract both sandbox engines (isolated-vm, and quickjs in WebAssembly where the native
// module cannot load) fulfil; createSandbox.ts picks one.
// Only JSON-able values cross the boundary; model code never touches a host object.
import { rowsOfTable } from './tableRows.js';
import type { ReplyTable, TableForm } from './replyTable.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * A value already encoded as JSON text, as a cache stores it: a host function may return one,
 * and the bridge hands the text on as it is instead of decoding and encoding it again. The text
 * must come from JSON.stringify (of a `T`, or with `table` of the ReplyTable of a `T`'s rows,
 * which the guest rebuilds as it does any table reply); `value()` decodes it where objects are needed.
 */
export class JsonText<T = JsonValue> {
  constructor(
    readonly text: string,
    readonly table = false,
  ) {}

  value(): T {
    const value = JSON.parse(this.text) as unknown;
    return (this.table ? rowsOfTable(value as ReplyTable) : value) as T;
  }
}

/**
 * Rows already held as a reply table (grep's matches, made from their columns): the bridge sends
 * it as it is, without a row object built; `value()` builds the rows where objects are needed.
 */
export class TableValue<T = JsonValue> {
  constructor(readonly form: TableForm) {}

  value(): T[] {
    return rowsOfTable(this.form.table, this.form.tail) as T[];
  }
}

/** What a host function returns: plain data, or data already encoded. */
export type HostValue = JsonValue | JsonText<unknown> | TableValue<unknown> | undefined;

/** A host function model code may call, e.g. `grep` or `llm`. */
export interface HostFunction {
  name: string;
  /** Async functions return a promise in the sandbox (`await llm(...)`); sync ones block the cell. */
  async: boolean;
  /**
   * Sync, takes one path, and has no effect but its result (symbols): when a cell loops over a
   * listing, the guest asks for the next paths in the same call and keeps their results, for this
   * cell only, until the code asks for them (see hostBridge.ts). Their notices wait with them.
   */
  readAhead?: boolean;
  call(args: JsonValue[], scope: CallScope): HostValue | Promise<HostValue>;
}

/** What a host function gets besides its arguments. */
export interface CallScope {
  /** Aborted when the cell ends, times out or is cancelled. */
  signal: AbortSignal;
  /** Adds a line to the cell's output, e.g. "[grep: 200 of many matches shown …]". */
  notice(text: string): void;
}

export interface SandboxOptions {
  functions: readonly HostFunction[];
  /** Read-only globals such as `query`. */
  globals?: Record<string, JsonValue>;
  /** Heap limit of the sandbox in MB (default 256). */
  memoryMb?: number;
  /** Wall-clock limit per cell in ms, awaits included (default 60 000). */
  cellTimeoutMs?: number;
  /** Output kept per cell, in characters (default 20 000); the rest is cut with a marker. */
  maxOutputChars?: number;
  /** The code of the first cell, when known (`rlm exec`): it is parsed while the engine starts. */
  firstCell?: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Overrides the sandbox's cell timeout for this cell. */
  timeoutMs?: number;
}

export interface FinalAnswer {
  /** The answer as text: strings as they are, anything else JSON-encoded. */
  text: string;
  /** The value as passed to FINAL (JSON round-tripped). */
  value: JsonValue;
}

export interface CellResult {
  /** What the cell printed, truncated with a marker saying how much was cut. */
  output: string;
  /** A message the model can act on, when the cell failed. */
  error?: string;
  /** Set when the cell called FINAL or FINAL_VAR. */
  final?: FinalAnswer;
  /** Preview of the value of the cell's last expression statement, if any (for interactive REPLs). */
  value?: string;
  /** True when the sandbox had to be restarted (memory limit, runaway code); earlier variables are gone. */
  restarted?: boolean;
  wallMs: number;
}

export interface Sandbox {
  readonly engine: string;
  /** Runs one code cell; never throws for failures of the code itself. */
  run(code: string, options?: RunOptions): Promise<CellResult>;
  dispose(): void;
}

export const SANDBOX_DEFAULTS = {
  memoryMb: 256,
  cellTimeoutMs: 60_000,
  maxOutputChars: 20_000,
} as const;
