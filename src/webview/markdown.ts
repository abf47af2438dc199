// Renders the model's answer. markdown-it with raw HTML off: whatever the model writes is
// escaped, never parsed as markup. Links follow the answer policy shared with the chat
// (common/answerPolicy.ts): http(s) or a workspace file, nothing else; images are off (an
// image shows as its link). `path:line` citations, in text, code spans and relative link
// targets, become links that carry the path and line for the click handler. With the run's
// grades, a citation of a missing file or a line past the end is marked and never a link, and
// one the run never read is a link with a mark.
import markdownit from 'markdown-it';
import type { MarkdownIt, Token } from 'markdown-it';
import { linkTarget } from '../common/answerPolicy.js';
import { citationKey, findCitations, parseCitation, type Citation } from '../common/citations.js';
import type { GradedCitation } from '../protocol/citations.js';

export function createMarkdown(): MarkdownIt {
  const md = markdownit({ html: false, linkify: false, typographer: false });
  md.disable('image');
  md.validateLink = (url) => linkTarget(url) !== undefined;
  md.core.ruler.push('rlm_citations', (state) => {
    const grades = (state.env as RenderEnv).grades;
    for (const block of state.tokens) {
      if (block.type === 'inline' && block.children) block.children = linkCitations(block.children, state.Token, grades);
    }
  });
  return md;
}

let shared: MarkdownIt | undefined;

interface RenderEnv {
  [key: string | symbol]: unknown;
  grades?: ReadonlyMap<string, GradedCitation>;
}

/** @param citations the run's graded citations; without them every citation is a plain link. */
export function renderMarkdown(source: string, citations?: readonly GradedCitation[]): string {
  shared ??= createMarkdown();
  const env: RenderEnv = citations ? { grades: new Map(citations.map((c) => [citationKey(c), c])) } : {};
  return shared.render(source, env);
}

const BROKEN_TITLE: Record<'missing' | 'out-of-range', string> = {
  missing: 'No such file in this workspace: the run could not confirm this citation',
  'out-of-range': 'The file is shorter than this: the run could not confirm this citation',
};

type TokenClass = new (type: string, tag: string, nesting: 1 | 0 | -1) => Token;

function linkCitations(tokens: Token[], TokenCtor: TokenClass, grades: ReadonlyMap<string, GradedCitation> | undefined): Token[] {
  const out: Token[] = [];
  const opened: Token[] = [];
  const open = (c: Citation): Token => {
    const graded = grades?.get(citationKey(c));
    const where = c.endLine ? `${c.line}-${c.endLine}` : `${c.line}`;
    if (graded?.status === 'missing' || graded?.status === 'out-of-range') {
      const t = new TokenCtor('citation_open', 'span', 1);
      t.attrs = [
        ['class', `citation-broken ${graded.status}`],
        ['title', BROKEN_TITLE[graded.status]],
        ['data-testid', 'broken-citation'],
      ];
      return t;
    }
    const path = graded?.file ?? c.path;
    const unread = graded?.status === 'unread';
    const t = new TokenCtor('link_open', 'a', 1);
    t.attrs = [
      ['href', '#'],
      ['class', unread ? 'citation unread' : 'citation'],
      ['data-path', path],
      ['data-line', String(c.line)],
      ['title', `Open ${path} at line ${where}${unread ? ' (the run never read these lines)' : ''}`],
    ];
    return t;
  };
  const close = (opening: Token): Token => new TokenCtor(opening.tag === 'span' ? 'citation_close' : 'link_close', opening.tag, -1);
  const wrap = (c: Citation, inner: Token): Token[] => {
    const opening = open(c);
    return [opening, inner, close(opening)];
  };
  for (const token of tokens) {
    if (token.type === 'link_open') {
      opened.push(retarget(token, open));
      out.push(token);
    } else if (token.type === 'link_close') {
      // A link to a broken citation became a span: its end follows.
      token.tag = opened.pop()?.tag ?? token.tag;
      out.push(token);
    } else if (opened.length > 0) {
      out.push(token);
    } else if (token.type === 'code_inline') {
      const citation = parseCitation(token.content);
      out.push(...(citation ? wrap(citation, token) : [token]));
    } else if (token.type === 'text') {
      let last = 0;
      for (const match of findCitations(token.content)) {
        if (match.start > last) out.push(textToken(TokenCtor, token.content.slice(last, match.start)));
        out.push(...wrap(match, textToken(TokenCtor, token.content.slice(match.start, match.end))));
        last = match.end;
      }
      out.push(last === 0 ? token : textToken(TokenCtor, token.content.slice(last)));
    } else {
      out.push(token);
    }
  }
  return out.filter((t) => t.type !== 'text' || t.content !== '');
}

/** A link the model wrote: to a cited file it becomes a citation; a relative one to a file opens line 1; others stay web links. */
function retarget(token: Token, open: (c: Citation) => Token): Token {
  const target = linkTarget(String(token.attrGet('href') ?? ''));
  if (target?.kind === 'web') return token;
  const opened = target ? open(target.citation) : undefined;
  token.attrs = opened?.attrs ?? null;
  token.tag = opened?.tag ?? token.tag;
  return token;
}

function textToken(TokenCtor: TokenClass, content: string): Token {
  const t = new TokenCtor('text', '', 0);
  t.content = content;
  return t;
}
