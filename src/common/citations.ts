// Finds `path:line` citations in answer text (`src/config.ts:42`, `lib/a.py:10-20`,
// `src/x.ts:3:7`). Pure functions, so the rules are pinned by tests. A path counts when it
// has a folder or a file extension; URLs, times, versions and host:port do not.
import { withoutFencedCode } from './fencedCode.js';

export interface Citation {
  path: string;
  /** 1-based. */
  line: number;
  endLine?: number;
}

export interface CitationMatch extends Citation {
  start: number;
  end: number;
}

const SEGMENT = String.raw`[\w@$+~-][\w.@$+~-]*`;
const CITATION = new RegExp(
  // Not inside a longer word, path or URL; optional ./ or ../; segments; :line with -end or :column.
  String.raw`(?<![\w.\/\\:@#~-])((?:\.{1,2}\/)?(?:${SEGMENT}\/)*${SEGMENT}):(\d+)(?:-(\d+)|:\d+)?(?![\w\/])`,
  'g',
);
const EXTENSION = /\.[A-Za-z][\w]*$/;
/** host.tld:port looks like file.ext:line; these endings are hosts, not code. */
const HOST_ENDINGS = new Set(['com', 'org', 'net', 'io', 'dev', 'app', 'co', 'ai', 'edu', 'gov', 'local', 'localhost', 'internal']);

export function findCitations(text: string): CitationMatch[] {
  const found: CitationMatch[] = [];
  for (const m of text.matchAll(CITATION)) {
    const citation = toCitation(m[1], m[2], m[3]);
    if (citation) found.push({ ...citation, start: m.index, end: m.index + m[0].length });
  }
  return found;
}

/** The citation that is the whole of `text` (a code span or a link target), if it is one. */
export function parseCitation(text: string): Citation | undefined {
  const trimmed = text.trim();
  const hash = /^(.+)#L(\d+)(?:-L?(\d+))?$/.exec(trimmed); // GitHub-style anchors in link targets
  if (hash) return toCitation(hash[1], hash[2], hash[3]);
  const [match] = findCitations(trimmed);
  return match && match.start === 0 && match.end === trimmed.length
    ? { path: match.path, line: match.line, ...(match.endLine ? { endLine: match.endLine } : {}) }
    : undefined;
}

function toCitation(path: string, line: string, endLine: string | undefined): Citation | undefined {
  const start = Number(line);
  if (!Number.isSafeInteger(start) || start < 1) return undefined;
  const ext = EXTENSION.exec(path)?.[0].slice(1).toLowerCase();
  const hasFolder = path.includes('/');
  if (!hasFolder && (!ext || HOST_ENDINGS.has(ext))) return undefined;
  if (!/[A-Za-z]/.test(path)) return undefined; // 1/2:3 is a ratio
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.includes('//')) return undefined;
  const end = endLine === undefined ? undefined : Number(endLine);
  return { path, line: start, ...(end !== undefined && end >= start ? { endLine: end } : {}) };
}

/** A citation's identity as written (less a leading `./`): the panel and the chat look up its grade by this. */
export function citationKey(c: Citation): string {
  return `${withoutDotSlash(c.path)}:${c.line}${c.endLine ? `-${c.endLine}` : ''}`;
}

/**
 * Every citation of an answer's markdown, in order, each once: in prose, in code spans and in
 * link targets (`[x](src/a.ts#L3)`), not in fenced code blocks — what the panel turns into links.
 */
export function citationsIn(markdown: string): Citation[] {
  const prose = withoutFencedCode(markdown);
  const links = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => ({
    at: m.index,
    citation: parseCitation(safeDecode(m[1])),
  }));
  const inText = findCitations(prose).map((m) => ({ at: m.start, citation: m as Citation | undefined }));
  const found = new Map<string, Citation>();
  for (const { citation: c } of [...links, ...inText].sort((a, b) => a.at - b.at)) {
    if (c && !found.has(citationKey(c)))
      found.set(citationKey(c), { path: withoutDotSlash(c.path), line: c.line, ...(c.endLine ? { endLine: c.endLine } : {}) });
  }
  return [...found.values()];
}

function withoutDotSlash(path: string): string {
  return path.replace(/^(?:\.\/)+/, '');
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}
