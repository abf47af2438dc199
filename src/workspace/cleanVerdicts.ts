// The credential scan's clean verdicts kept on disk between processes, so a new `rlm` process
// over an unchanged tree reads no candidate's content again. A verdict holds only while the
// file's stamp (size, mtime, ctime, inode) is the one it was judged at; ctime changes with every
// write and cannot be set back, so rewriting a file (even to the same size and mtime) re-judges it.
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';

export type FileStamp = readonly [size: number, mtimeMs: number, ctimeMs: number, ino: number];

/**
 * A file changed this shortly before its content was read may change again within the same
 * timestamp tick (coarse kernel clocks, 2 s on FAT) without a new stamp: its verdict is not kept.
 */
const SETTLED_MS = 2_000;

/**
 * On disk: the rules' name, the count and the paths' length in bytes on one line, the paths
 * separated by NUL, then the stamps as 64-bit floats (4 per path, 8-aligned). Six thousand verdicts load in a few ms; as JSON they took ~50.
 */
const STAMP_FIELDS = 4;

interface Stored {
  /** Path → its position in `stamps` (a stamp is 4 numbers there): no object per verdict. */
  positions: Map<string, number>;
  stamps: Float64Array;
}

export class CleanVerdicts {
  private stored: Stored | undefined;
  private readonly next = new Map<string, FileStamp>();
  private changed = false;

  /** `rules` names the verdict logic: verdicts judged by other rules are never used. */
  constructor(
    private readonly file: string,
    private readonly rules: string,
  ) {}

  /** True when the file was judged clean at its stamp of now; it stays kept for the next process. */
  isClean(path: string, absPath: string): boolean {
    const { positions, stamps } = this.load();
    const at = positions.get(path);
    if (at === undefined) return false; // no stat for a file never judged (the first run's)
    const stamp = stampOf(absPath);
    if (!stamp || !stamp.every((field, i) => stamps[at * STAMP_FIELDS + i] === field)) return false;
    this.next.set(path, stamp);
    return true;
  }

  /**
   * A verdict of clean, on content read after `readFrom` (ms), with the file's stamp taken after
   * the read (from the descriptor read, so no second lookup): it is kept only when the file was
   * last changed 2 s before the read began, so a change during or after the read (which gives a
   * later ctime) is never covered by it.
   */
  judgedClean(path: string, stamp: FileStamp | undefined, readFrom: number): void {
    if (!stamp || Math.max(stamp[1], stamp[2]) > readFrom - SETTLED_MS) return;
    this.next.set(path, stamp);
    this.changed = true;
  }

  /** Writes this listing's verdicts (those of files no longer listed go) when they differ from what was read. */
  save(): void {
    if (!this.changed && this.next.size === this.load().positions.size) return;
    try {
      mkdirSync(join(this.file, '..'), { recursive: true });
      const partial = `${this.file}.${process.pid}.tmp`;
      writeFileSync(partial, encode(this.rules, this.next));
      renameSync(partial, this.file); // whole or not at all, even with two processes writing
    } catch {
      // an unwritable cache folder only costs the next process the scan
    }
  }

  private load(): Stored {
    if (!this.stored) {
      try {
        this.stored = decode(readFileSync(this.file), this.rules);
      } catch {
        // no cache yet: every candidate is judged
      }
      this.stored ??= { positions: new Map(), stamps: new Float64Array(0) };
    }
    return this.stored;
  }
}

/** The file's stamp now, or undefined when it is not a regular file (then nothing is kept). */
function stampOf(absPath: string): FileStamp | undefined {
  // lstat, not stat: a link is no regular file, so a verdict never covers what it points to.
  return fileStamp(lstatSync(absPath, { throwIfNoEntry: false }));
}

/** The stamp of a file's stats (lstat, or fstat of a descriptor opened without following links); undefined for anything but a regular file. */
export function fileStamp(info: Stats | undefined): FileStamp | undefined {
  return info?.isFile() ? [info.size, info.mtimeMs, info.ctimeMs, info.ino] : undefined;
}

function encode(rules: string, verdicts: ReadonlyMap<string, FileStamp>): Buffer {
  const paths = Buffer.from([...verdicts.keys()].join('\0'));
  const head = Buffer.from(`${rules} ${verdicts.size} ${paths.length}\n`);
  const stampsAt = Math.ceil((head.length + paths.length) / 8) * 8;
  const out = Buffer.alloc(stampsAt + verdicts.size * STAMP_FIELDS * 8);
  head.copy(out);
  paths.copy(out, head.length);
  const stamps = new Float64Array(out.buffer, out.byteOffset + stampsAt, verdicts.size * STAMP_FIELDS);
  let i = 0;
  for (const stamp of verdicts.values()) for (const field of stamp) stamps[i++] = field;
  return out;
}

/** The verdicts stored by these rules; undefined for other rules or a damaged file (every candidate is judged). */
function decode(data: Buffer, rules: string): Stored | undefined {
  const headEnd = data.indexOf(10);
  const [storedRules, count, pathBytes] = data
    .toString('latin1', 0, Math.max(headEnd, 0))
    .split(' ')
    .map((field, i) => (i ? Number(field) : field));
  const stampsAt = Math.ceil((headEnd + 1 + Number(pathBytes)) / 8) * 8;
  if (headEnd < 0 || storedRules !== rules || !Number.isInteger(count) || data.length !== stampsAt + Number(count) * STAMP_FIELDS * 8)
    return undefined;
  const positions = new Map<string, number>();
  if (count)
    data
      .toString('utf8', headEnd + 1, headEnd + 1 + Number(pathBytes))
      .split('\0')
      .forEach((path, i) => positions.set(path, i));
  if (positions.size !== count) return undefined;
  // Copied to an aligned buffer: a Buffer from readFileSync may start anywhere in its pool.
  return { positions, stamps: new Float64Array(new Uint8Array(data.subarray(stampsAt)).buffer) };
}

/** The verdicts file of one root in a cache folder. */
export function verdictsFile(cacheDir: string, rootPath: string): string {
  return join(cacheDir, `clean-${createHash('sha256').update(rootPath).digest('hex').slice(0, 16)}.bin`);
}
