// How the citations of an answer were graded against the run's tree. Types only: the engine
// grades, the CLI prints, the panel and the chat show the grade (docs/ARCHITECTURE.md, "Root-model protocol").

/**
 * `read`: the file exists, the lines are in it and the run read them (peek, read, slice);
 * `unread`: they exist but the run never looked at them; `missing`: no such visible file;
 * `out-of-range`: the file is shorter than the cited line.
 */
export type CitationStatus = 'read' | 'unread' | 'missing' | 'out-of-range';

export interface GradedCitation {
  /** As the answer wrote it (after `./` and backticks), so a surface finds it in the text again. */
  path: string;
  /** 1-based. */
  line: number;
  endLine?: number;
  status: CitationStatus;
  /** The tree path the citation resolved to, when it names a file (links open this one). */
  file?: string;
}
