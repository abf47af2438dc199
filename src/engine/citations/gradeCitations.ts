// Grounded citations: every `path:line` and `path:start-end` of an answer checked against the
// run's tree, then graded by what the run read (the trace refs of its cells, children included).
import { citationsIn, type Citation } from '../../common/citations.js';
import type { CitationStatus, GradedCitation } from '../../protocol/citations.js';
import type { TraceNode, TraceRef } from '../../protocol/trace.js';
import type { FileTree } from '../../workspace/fileTree.js';
import { resolveCitedPath } from './resolveCitedPath.js';

export interface CheckedCitation extends Citation {
  status: 'found' | 'missing' | 'out-of-range';
  file?: string;
  /** The file's length in lines, when it was found. */
  lines?: number;
}

/** Each citation of the answer, once: does the file exist, and does it reach the cited line? */
export async function checkCitations(answer: string, tree: Pick<FileTree, 'roots' | 'files' | 'stat'>): Promise<CheckedCitation[]> {
  const cited = citationsIn(answer);
  if (cited.length === 0) return [];
  const files = new Set(await tree.files());
  const lengths = new Map<string, Promise<number | undefined>>();
  const lengthOf = (file: string) => {
    if (!lengths.has(file))
      lengths.set(
        file,
        tree.stat(file).then(
          (s) => s.lines,
          () => undefined,
        ),
      );
    return lengths.get(file) as Promise<number | undefined>;
  };
  return Promise.all(
    cited.map(async (c): Promise<CheckedCitation> => {
      const file = resolveCitedPath(c.path, files, tree.roots);
      const lines = file === undefined ? undefined : await lengthOf(file);
      if (file === undefined || lines === undefined) return { ...c, status: 'missing' };
      return { ...c, file, lines, status: Math.max(c.line, c.endLine ?? c.line) > lines ? 'out-of-range' : 'found' };
    }),
  );
}

/** Found citations become `read` when a read of the run overlaps the cited lines, else `unread`. */
export function gradeCitations(checked: readonly CheckedCitation[], reads: readonly TraceRef[]): GradedCitation[] {
  return checked.map(({ path, line, endLine, status, file }) => {
    const end = endLine ?? line;
    const grade: CitationStatus =
      status !== 'found' ? status : reads.some((r) => r.path === file && r.startLine <= end && line <= r.endLine) ? 'read' : 'unread';
    return { path, line, ...(endLine ? { endLine } : {}), status: grade, ...(file !== undefined ? { file } : {}) };
  });
}

/** What the cells of a run read, from its trace. */
export function readsOf(nodes: readonly TraceNode[]): TraceRef[] {
  return nodes.flatMap((n) => n.refs ?? []);
}

/** The note that sends a FINAL with broken citations back to the model, or undefined when none is broken. */
export function brokenCitationsNote(checked: readonly CheckedCitation[]): string | undefined {
  const broken = checked.filter((c) => c.status !== 'found');
  if (broken.length === 0) return undefined;
  const list = broken.map((c) => {
    const where = `${c.path}:${c.line}${c.endLine ? `-${c.endLine}` : ''}`;
    return c.status === 'missing'
      ? `- ${where}: no such file in the workspace`
      : `- ${where}: ${c.file} has only ${c.lines} line${c.lines === 1 ? '' : 's'}`;
  });
  return [
    `Your answer was not accepted yet: ${broken.length === 1 ? 'this citation does' : 'these citations do'} not point at real lines.`,
    ...list,
    'Find the right file and lines (glob(), grep(), peek()), then FINAL the corrected answer. Drop a citation you cannot confirm.',
  ].join('\n');
}
