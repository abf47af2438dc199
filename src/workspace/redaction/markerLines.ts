// The lines of the files a grep returned that may hold a credential marker, by one ripgrep pass
// (markerPattern: every marker, without its conditions). A file absent from the result has no
// marker anywhere and needs no redaction; for the others the lines are enough to judge the
// file (linesHoldCredentials) without reading it, unless one is not plain ASCII.
import { runRipgrep } from '../ripgrep.js';
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
  for (let i = 0; i < absPaths.length; i += 1000) {
    await runRipgrep({
      args: [
        '--no-config',
        ...['--null', '--line-number', '--no-heading', '--with-filename', '--color', 'never'],
        // Every byte as text (no stop at a NUL), no ignore files: the tree already chose these files.
        ...['--text', '--no-ignore', '--hidden', '--no-messages'],
        '--regexp',
        PATTERN,
        '--',
        ...absPaths.slice(i, i + 1000),
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
