// `rlm exec`: runs code cells in the sandbox over a workspace and prints the FINAL value.
import { readFile } from 'node:fs/promises';
import type { CellResult, JsonValue } from '../sandbox/sandbox.js';
import { openSession, UsageError, type SessionOptions } from './session.js';

export interface ExecOptions extends SessionOptions {
  /** Inline cells (`--code`, repeatable); run in order before `file`. */
  code: string[];
  /** A file of code, or "-" for standard input. */
  file?: string;
  json: boolean;
}

export interface ExecReport {
  final: JsonValue;
  output: string;
  error: string | null;
  stats: { wallMs: number; cells: number; engine: string };
}

export interface Streams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: AsyncIterable<Buffer | string>;
}

/** Returns the process exit code: 0 on success, 1 when the code failed. */
export async function runExec(options: ExecOptions, io: Streams): Promise<number> {
  const cells = [...options.code];
  if (options.file) cells.push(await readCode(options.file, io));
  if (cells.length === 0) throw new UsageError('no code given: pass --code JS, a FILE, or - to read standard input');

  const started = Date.now();
  const session = await openSession({ ...options, firstCell: cells[0] });
  const results: CellResult[] = [];
  try {
    for (const cell of cells) {
      const result = await session.sandbox.run(cell);
      results.push(result);
      if (!options.json) io.stdout.write(result.output);
      if (result.error || result.final) break;
    }
  } finally {
    await session.dispose();
  }

  const last = results[results.length - 1];
  const error = last?.error ?? null;
  if (options.json) {
    const report: ExecReport = {
      final: last?.final?.value ?? null,
      output: results.map((r) => r.output).join(''),
      error,
      stats: { wallMs: Date.now() - started, cells: results.length, engine: session.sandbox.engine },
    };
    io.stdout.write(`${JSON.stringify(report)}\n`);
  } else if (last?.final) {
    io.stdout.write(last.final.text.endsWith('\n') ? last.final.text : `${last.final.text}\n`);
  }
  if (error) io.stderr.write(`rlm: ${error}\n`);
  return error ? 1 : 0;
}

async function readCode(file: string, io: Streams): Promise<string> {
  if (file === '-') {
    let text = '';
    for await (const chunk of io.stdin) text += chunk.toString();
    return text;
  }
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read code file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
