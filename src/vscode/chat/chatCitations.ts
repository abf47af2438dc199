// The answer's citations in the chat: links to the file at the line, with the run's grades. A
// citation of a missing file or a line past the end is struck through and never a link; one
// the run never read is a link marked "unread". The same parser as the panel (src/common). No vscode import.
import { citationKey, findCitations } from '../../common/citations.js';
import type { GradedCitation } from '../../protocol/citations.js';

const BROKEN = { missing: 'no such file', 'out-of-range': 'past the end of the file' } as const;

/** `path:line` citations (optionally in backticks) outside fenced code → markdown links to the file at that line. */
export function linkCitations(answer: string, fileUrl: (path: string, line: number) => string | undefined, citations?: readonly GradedCitation[]): string {
  const grades = new Map((citations ?? []).map((c) => [citationKey(c), c]));
  return answer
    .split(/(```[\s\S]*?```)/)
    .map((part, i) => (i % 2 === 1 ? part : linkPart(part, fileUrl, grades)))
    .join('');
}

function linkPart(text: string, fileUrl: (path: string, line: number) => string | undefined, grades: ReadonlyMap<string, GradedCitation>): string {
  let out = '';
  let last = 0;
  for (const match of findCitations(text)) {
    const ticked = text[match.start - 1] === '`' && text[match.end] === '`';
    const start = ticked ? match.start - 1 : match.start;
    const end = ticked ? match.end + 1 : match.end;
    if (/[[(]$/.test(text.slice(0, start))) continue; // already inside a markdown link the model wrote
    const label = text.slice(match.start, match.end);
    const graded = grades.get(citationKey(match));
    let replacement: string | undefined;
    if (graded?.status === 'missing' || graded?.status === 'out-of-range') {
      replacement = `~~${label}~~ *(${BROKEN[graded.status]})*`;
    } else {
      const url = fileUrl(graded?.file ?? match.path, match.line);
      if (url) replacement = `[${label}](${url})${graded?.status === 'unread' ? ' *(unread)*' : ''}`;
    }
    if (replacement === undefined) continue;
    out += text.slice(last, start) + replacement;
    last = end;
  }
  return out + text.slice(last);
}
