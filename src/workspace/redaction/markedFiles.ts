// Which of grep's matching files may hold a credential, judged on their marker lines alone
// (markerLines.ts) without reading them whole: only those go through redaction (redactGrep.ts).
import type { WorkspacePath } from '../fileTree.js';
import { MarkerLinesCache, type FileMarkerLines, type FileStamp } from './markerLines.js';
import { linesHoldCredentials } from './redactor.js';

/** Files up to this size are redacted whole; in larger ones a window of lines around what is shown. */
export const WHOLE_FILE_REDACTION_BYTES = 8 * 1024 * 1024;

export class MarkedFiles {
  private readonly markerLines = new MarkerLinesCache();
  private readonly verdicts = new WeakMap<FileMarkerLines, Promise<boolean>>();

  /**
   * The files (workspace path → absolute path, '' for none) whose marker lines may hold a
   * credential; `stamps`: the versions of those already stamped (MarkerLinesCache.get).
   */
  async among(
    files: ReadonlyMap<WorkspacePath, string>,
    rgPath?: string,
    signal?: AbortSignal,
    stamps?: ReadonlyMap<string, FileStamp>,
  ): Promise<Set<WorkspacePath>> {
    const candidates = await this.markerLines.get([...files.values()].filter(Boolean), rgPath, signal, stamps);
    const marked = new Set<WorkspacePath>();
    const judged: Promise<void>[] = [];
    for (const [path, absPath] of files) {
      const candidate = candidates.get(absPath);
      // A file without a marker line is clean: no promise for each of grep's thousands of files.
      if (candidate) judged.push(this.cleanByLines(path, candidate).then((clean) => void (clean || marked.add(path))));
    }
    await Promise.all(judged);
    return marked;
  }

  /** Forgets every file's marker lines, e.g. after files changed on disk. */
  clear(): void {
    this.markerLines.clear();
  }

  /**
   * True when a file's candidate lines show it holds no credential: marker lines the rules find
   * nothing on. The same verdict as the whole file's, without reading it.
   */
  private cleanByLines(path: WorkspacePath, candidate: FileMarkerLines): Promise<boolean> {
    if (!candidate.ascii || candidate.size > WHOLE_FILE_REDACTION_BYTES) return Promise.resolve(false);
    // The cache hands out the same lines while the file is unchanged: judged once per version.
    let verdict = this.verdicts.get(candidate);
    if (!verdict) {
      verdict = linesHoldCredentials(candidate.lines, path).then((holds) => !holds);
      this.verdicts.set(candidate, verdict);
    }
    return verdict;
  }
}
