// Line-start offsets of a file, built once by streaming it, so any line range of a huge file is one positioned read.
import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import { open, readFile } from 'node:fs/promises';
import { bomEncoding, decodeText, type TextEncoding } from './decode.js';
import { SharedWork } from './sharedWork.js';

export interface LineIndex {
  size: number;
  lineCount: number;
  encoding: TextEncoding;
  /** Byte offset where each line starts (byte encodings only). */
  starts?: Uint32Array | Float64Array;
  /** UTF-16 files are small and rare: they are kept decoded instead. */
  decodedLines?: string[];
  /** Approximate memory held by this index, for the cache budget. */
  bytes: number;
}

export async function buildLineIndex(absPath: string, signal?: AbortSignal): Promise<LineIndex> {
  const head = await readHead(absPath, 4);
  const bom = bomEncoding(head);
  if (bom === 'utf-16le' || bom === 'utf-16be') {
    const bytes = await readFile(absPath);
    const decodedLines = splitLines(decodeText(bytes, bom));
    return { size: bytes.length, lineCount: decodedLines.length, encoding: bom, decodedLines, bytes: bytes.length * 2 };
  }
  return scanByteFile(absPath, signal);
}

/**
 * Lines start..end (1-based, inclusive, already clamped by the caller) without their line endings.
 * Of a line longer than `headBytes` only that many bytes are read (its end may hold part of a
 * character): a range of a file with a 50 MB line costs what is shown, not the line.
 */
export async function readLineRange(
  absPath: string,
  index: LineIndex,
  start: number,
  end: number,
  headBytes = Infinity,
): Promise<string[]> {
  if (end < start) return [];
  if (index.decodedLines)
    return index.decodedLines.slice(start - 1, end).map((line) => (line.length > headBytes ? line.slice(0, headBytes) : line));
  const handle = await open(absPath, 'r');
  try {
    const lines: string[] = [];
    for (const [from, to] of byteSpans(index, start, end, headBytes)) {
      const buffer = Buffer.alloc(to - from);
      let filled = 0;
      while (filled < buffer.length) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, from + filled);
        if (bytesRead === 0) break; // the file shrank since it was indexed
        filled += bytesRead;
      }
      lines.push(...splitLines(decodeText(buffer.subarray(0, filled), index.encoding)));
    }
    return lines;
  } finally {
    await handle.close();
  }
}

/** The byte spans to read for lines start..end: whole runs of short lines, and the head of each long one. */
function byteSpans(index: LineIndex, start: number, end: number, headBytes: number): Array<[number, number]> {
  const starts = index.starts ?? new Uint32Array([0]);
  const lineEnd = (n: number) => (n < starts.length ? starts[n] : index.size);
  if (lineEnd(end) - starts[start - 1] <= headBytes) return [[starts[start - 1], lineEnd(end)]];
  const spans: Array<[number, number]> = [];
  let open = false; // the last span ends at a line's end and may grow
  for (let n = start; n <= end; n++) {
    const from = starts[n - 1];
    const to = Math.min(lineEnd(n), from + headBytes);
    if (open) spans[spans.length - 1]![1] = to;
    else spans.push([from, to]);
    open = to === lineEnd(n);
  }
  return spans;
}

/** A line's length in bytes on disk, its line ending included (UTF-16 files: two bytes a unit). */
export function lineBytes(index: LineIndex, n: number): number {
  if (index.decodedLines) return (index.decodedLines[n - 1]?.length ?? 0) * 2;
  const starts = index.starts ?? new Uint32Array([0]);
  return (n < starts.length ? starts[n] : index.size) - starts[n - 1];
}

/** Splits text into lines; a final line without a newline counts, a trailing newline adds none. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

async function scanByteFile(absPath: string, signal?: AbortSignal): Promise<LineIndex> {
  let starts: Uint32Array | Float64Array = new Uint32Array(1024);
  let count = 1; // line 1 starts at 0
  let offset = 0;
  const validator = new TextDecoder('utf-8', { fatal: true });
  let utf8 = true;
  // The stream is destroyed (and the scan stopped) when the signal aborts.
  for await (const chunk of createReadStream(absPath, { highWaterMark: 1 << 20, signal })) {
    const bytes = chunk as Buffer;
    if (starts instanceof Uint32Array && offset + bytes.length > 0xffff_ffff) starts = widen(starts, starts.length);
    for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) {
      if (count === starts.length) starts = grow(starts);
      starts[count++] = offset + at + 1;
    }
    if (utf8) utf8 = isValidChunk(validator, bytes, true);
    offset += bytes.length;
  }
  if (utf8) utf8 = isValidChunk(validator, new Uint8Array(0), false);
  const trimmed = starts.slice(0, count);
  const lineCount = trimmed[count - 1] === offset ? count - 1 : count;
  return { size: offset, lineCount, encoding: utf8 ? 'utf-8' : 'windows-1252', starts: trimmed, bytes: trimmed.byteLength };
}

function isValidChunk(validator: TextDecoder, bytes: Uint8Array, stream: boolean): boolean {
  try {
    validator.decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}

/** Doubles the offsets array. */
function grow(starts: Uint32Array | Float64Array): Uint32Array | Float64Array {
  return starts instanceof Float64Array ? widen(starts, starts.length * 2) : copyInto(new Uint32Array(starts.length * 2), starts);
}

/** Offsets past 4 GiB do not fit a Uint32Array. */
function widen(starts: Uint32Array | Float64Array, length: number): Float64Array {
  return copyInto(new Float64Array(length), starts);
}

function copyInto<T extends Uint32Array | Float64Array>(target: T, source: Uint32Array | Float64Array): T {
  target.set(source);
  return target;
}

async function readHead(absPath: string, length: number): Promise<Uint8Array> {
  const handle = await open(absPath, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Keeps recently used indexes within a memory budget; an entry is reused only while size and mtime match. */
export class LineIndexCache {
  private readonly entries = new Map<string, { key: string; work: SharedWork<LineIndex>; bytes: number }>();
  private total = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  get(absPath: string, size: number, mtimeMs: number, signal?: AbortSignal): Promise<LineIndex> {
    const key = `${size}:${mtimeMs}`;
    const hit = this.entries.get(absPath);
    if (hit && hit.key === key && !hit.work.abandoned) {
      this.entries.delete(absPath); // re-insert: Map order is the LRU order
      this.entries.set(absPath, hit);
      return hit.work.join(signal);
    }
    this.remove(absPath);
    const entry = { key, work: new SharedWork((stop) => buildLineIndex(absPath, stop)), bytes: 0 };
    this.entries.set(absPath, entry);
    entry.work.promise.then(
      (index) => {
        if (this.entries.get(absPath) !== entry) return;
        entry.bytes = index.bytes;
        this.total += index.bytes;
        this.evict();
      },
      () => {
        if (this.entries.get(absPath) === entry) this.remove(absPath);
      },
    );
    return entry.work.join(signal);
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  private remove(absPath: string): void {
    const entry = this.entries.get(absPath);
    if (!entry) return;
    this.total -= entry.bytes;
    this.entries.delete(absPath);
  }

  private evict(): void {
    for (const [path] of this.entries) {
      if (this.total <= this.maxBytes || this.entries.size <= 1) break;
      this.remove(path);
    }
  }
}
