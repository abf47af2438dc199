// How the chat shows one citation, with the run's grade: a citation of a missing file or a line
// past the end is struck through and never a link; one the run never read is a link marked
// "unread"; a graded one opens the file it resolved to. The same parser as the panel
// (src/common). No vscode import.
import { citationKey, type Citation } from '../../common/citations.js';
import type { GradedCitation } from '../../protocol/citations.js';

const BROKEN = { missing: 'no such file', 'out-of-range': 'past the end of the file' } as const;

export type FileUrl = (path: string, line: number) => string | undefined;

export interface CitationLinker {
  /** The link target of a citation, undefined for a broken or unresolvable one. */
  url(citation: Citation): string | undefined;
  /** The markdown that replaces a citation written as `label`, undefined to leave it as it is. */
  markup(label: string, citation: Citation): string | undefined;
}

export function citationLinker(fileUrl: FileUrl, citations: readonly GradedCitation[] = []): CitationLinker {
  const grades = new Map(citations.map((c) => [citationKey(c), c]));
  const broken = (graded: GradedCitation | undefined) => graded?.status === 'missing' || graded?.status === 'out-of-range';
  const url = (c: Citation) => {
    const graded = grades.get(citationKey(c));
    return broken(graded) ? undefined : fileUrl(graded?.file ?? c.path, c.line);
  };
  return {
    url,
    markup: (label, c) => {
      const graded = grades.get(citationKey(c));
      if (graded && broken(graded)) return `~~${label}~~ *(${BROKEN[graded.status as keyof typeof BROKEN]})*`;
      const target = url(c);
      return target ? `[${label}](${target})${graded?.status === 'unread' ? ' *(unread)*' : ''}` : undefined;
    },
  };
}
