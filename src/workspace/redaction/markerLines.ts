// The lines of the files a grep returned that may hold a credential marker, by one ripgrep pass
// (markerPattern: every marker, without its conditions). A file absent from the result has no
// marker anywhere and needs no redaction; for the others the lines are enough to judge the
// file (linesHoldCredentials) without reading it, unless one is not plain ASCII.
import { statSync } from 'node:fs';
import { pathBatches, runRipgrep } from '../ripgrep.js';
import { markerPattern } from './markers.js';

export interface CandidateLines {
  /** The lines' text as the file's own decoding gives it: exact only while every line is ASCII. */
  lines: string[];
  ascii: boolean;
}

const PATTERN = markerPattern();

export async function candidateLines(
  absPaths: readonly string[],
  rgPath?: string,
  signal?: AbortSignal,
): Promise<Map<string, CandidateLines>> {
  const found = new Map<string, CandidateLines>();
  let lastPath: string | undefined;
  let last: CandidateLines | undefined;
  const onBytes = (record: Buffer): void => {
    // `path\0LINE:text`; --text keeps a NUL inside a line, so the first NUL ends the path.
    const nul = record.indexOf(0);
    const colon = record.indexOf(':', nul);
    if (nul <= 0 || colon < 0) return;
    const path = record.toString('utf8', 0, nul);
    if (path !== lastPath || !last) {
      lastPath = path;
      last = found.get(path);
      if (!last) found.set(path, (last = { lines: [], ascii: true }));
    }
    const text = record.subarray(colon + 1);
    if (last.ascii && text.some((byte) => byte >= 0x80)) last.ascii = false;
    if (last.ascii) last.lines.push(text.toString('latin1'));
  };
  for (const batch of pathBatches(absPaths)) {
    await runRipgrep({
      args: [
        '--no-config',
        ...['--null', '--line-number', '--no-heading', '--with-filename', '--color', 'never'],
        // Every byte as text (no stop at a NUL), no ignore files: the tree already chose these files.
        ...['--text', '--no-ignore', '--hidden', '--no-messages'],
        '--regexp',
        PATTERN,
        '--',
        ...batch,
      ],
      cwd: process.cwd(),
      separator: '\n',
      signal,
      rgPath,
      onRecord: () => undefined,
      onBytes,
    });
  }
  return found;
}

/** A file's candidate lines, with its size when they were found (whether it can be judged whole). */
export interface FileMarkerLines extends CandidateLines {
  size: number;
}

/** A file's version as a stat gives it: size and mtime, -1 for both once it is gone. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** The file's stamp now. */
export function fileStamp(absPath: string): FileStamp {
  const info = statSync(absPath, { throwIfNoEntry: false });
  return { size: info?.size ?? -1, mtimeMs: info?.mtimeMs ?? -1 };
}

/** A file's marker lines (undefined: none) as of its size and mtime. */
interface Stamped extends FileStamp {
  lines: FileMarkerLines | undefined;
}

/**
 * candidateLines remembered per file by size and mtime: a model greps the same files again and
 * again, and one stat per file is far cheaper than reading them all a second time.
 */
export class MarkerLinesCache {
  private readonly entries = new Map<string, Stamped>();

  constructor(private readonly maxEntries = 200_000) {}

  /**
   * `stamps`: files already stamped (grep stats each file once rg has handed over all its matches, while rg
   * still searches the others, rather than all 9,191 of them after it); the others are stamped now.
   * A stamp taken then is never older than the text rg read: a cached verdict is never applied to newer text.
   */
  async get(
    absPaths: readonly string[],
    rgPath?: string,
    signal?: AbortSignal,
    stamps?: ReadonlyMap<string, FileStamp>,
  ): Promise<Map<string, FileMarkerLines>> {
    const found = new Map<string, FileMarkerLines>();
    /** Files not seen in this version, with their size and mtime (-1 once gone). */
    const missing = new Map<string, Stamped>();
    for (const absPath of absPaths) {
      const { size, mtimeMs } = stamps?.get(absPath) ?? fileStamp(absPath);
      const hit = this.entries.get(absPath);
      if (hit?.size !== size || hit.mtimeMs !== mtimeMs) missing.set(absPath, { size, mtimeMs, lines: undefined });
      else if (hit.lines) found.set(absPath, hit.lines);
    }
    const scanned = await candidateLines([...missing.keys()], rgPath, signal);
    for (const [absPath, stamped] of missing) {
      const candidate = scanned.get(absPath);
      if (candidate) found.set(absPath, (stamped.lines = { ...candidate, size: Math.max(0, stamped.size) }));
      this.entries.delete(absPath);
      this.entries.set(absPath, stamped);
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
    return found;
  }

  clear(): void {
    this.entries.clear();
  }
}
