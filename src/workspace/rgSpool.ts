// rg's output through a temporary file instead of a pipe. A pipe holds a few hundred KB: while
// this thread is busy (the CLI loads the engine during the listing), rg fills it and waits, so
// the walk takes as long as the busy spell. Into a file rg writes at its own pace, and the file
// is read as the event loop allows.
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How long to wait before looking again when rg runs and has written nothing new. */
export const SPOOL_POLL_MS = 4;
/**
 * One read's most (~14,000 paths), handled before the event loop turns. 128 KB slices cost the
 * first run ~200 ms more CPU before the first request (alternated A/B, load 13–20).
 */
const READ_BYTES = 1 << 20;

export class Spool {
  /** For rg's stdout; closed here once rg holds its own copy (`closeWriter`). */
  writeFd: number | undefined;
  private readFd: number | undefined;
  private position = 0;
  private readonly buffer = Buffer.allocUnsafe(READ_BYTES);

  private constructor(private readonly dir: string) {
    const file = join(dir, 'out');
    this.writeFd = openSync(file, 'w');
    this.readFd = openSync(file, 'r');
  }

  /** A new spool in the temporary folder (its own, mode 0700); undefined when none can be made (rg then writes into a pipe). */
  static open(): Spool | undefined {
    let dir: string | undefined;
    try {
      dir = mkdtempSync(join(tmpdir(), 'rlm-rg-'));
      return new Spool(dir);
    } catch {
      if (dir) rmSync(dir, { recursive: true, force: true });
      return undefined;
    }
  }

  closeWriter(): void {
    if (this.writeFd !== undefined) closeSync(this.writeFd);
    this.writeFd = undefined;
  }

  /** Hands what rg wrote since the last read to `take`, at most READ_BYTES of it; true when anything was read. */
  read(take: (chunk: Buffer) => void): boolean {
    if (this.readFd === undefined) return false;
    const n = readSync(this.readFd, this.buffer, 0, READ_BYTES, this.position);
    if (n === 0) return false;
    this.position += n;
    take(Buffer.from(this.buffer.subarray(0, n))); // the buffer is read into again
    return true;
  }

  close(): void {
    this.closeWriter();
    if (this.readFd !== undefined) closeSync(this.readFd);
    this.readFd = undefined;
    try {
      rmSync(this.dir, { recursive: true, force: true });
    } catch {
      // Windows keeps a file that a killed rg still holds: the temporary folder's own cleaning takes it
    }
  }
}
