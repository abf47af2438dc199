// Renders the model's answer. markdown-it with raw HTML off: whatever the model writes is
// escaped, never parsed as markup. Links keep only http(s) and mailto targets; images are off
// (the CSP would block them anyway). `path:line` citations, in text, code spans and relative
// link targets, become links that carry the path and line for the click handler.
import markdownit from 'markdown-it';
import type { MarkdownIt, Token } from 'markdown-it';
import { findCitations, parseCitation, type Citation } from '../common/citations.js';

const SAFE_SCHEME = /^(https?:|mailto:)/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export function createMarkdown(): MarkdownIt {
  const md = markdownit({ html: false, linkify: false, typographer: false });
  md.disable('image');
  md.validateLink = (url) => {
    const target = url.trim();
    if (parseCitation(safeDecode(target))) return true;
    return SAFE_SCHEME.test(target) || (!ANY_SCHEME.test(target) && !target.startsWith('//'));
  };
  md.core.ruler.push('rlm_citations', (state) => {
    for (const block of state.tokens) {
      if (block.type === 'inline' && block.children) block.children = linkCitations(block.children, state.Token);
    }
  });
  return md;
}

let shared: MarkdownIt | undefined;

export function renderMarkdown(source: string): string {
  shared ??= createMarkdown();
  return shared.render(source);
}

type TokenClass = new (type: string, tag: string, nesting: 1 | 0 | -1) => Token;

function linkCitations(tokens: Token[], TokenCtor: TokenClass): Token[] {
  const out: Token[] = [];
  let linkDepth = 0;
  const open = (c: Citation): Token => {
    const t = new TokenCtor('link_open', 'a', 1);
    const where = c.endLine ? `${c.line}-${c.endLine}` : `${c.line}`;
    t.attrs = [['href', '#'], ['class', 'citation'], ['data-path', c.path], ['data-line', String(c.line)], ['title', `Open ${c.path} at line ${where}`]];
    return t;
  };
  const close = (): Token => new TokenCtor('link_close', 'a', -1);
  for (const token of tokens) {
    if (token.type === 'link_open') {
      linkDepth++;
      retarget(token, open);
      out.push(token);
    } else if (token.type === 'link_close') {
      linkDepth--;
      out.push(token);
    } else if (linkDepth > 0) {
      out.push(token);
    } else if (token.type === 'code_inline') {
      const citation = parseCitation(token.content);
      out.push(...(citation ? [open(citation), token, close()] : [token]));
    } else if (token.type === 'text') {
      let last = 0;
      for (const match of findCitations(token.content)) {
        if (match.start > last) out.push(textToken(TokenCtor, token.content.slice(last, match.start)));
        out.push(open(match), textToken(TokenCtor, token.content.slice(match.start, match.end)), close());
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
function retarget(token: Token, open: (c: Citation) => Token): void {
  const href = safeDecode(String(token.attrGet('href') ?? ''));
  if (SAFE_SCHEME.test(href)) return;
  const citation = parseCitation(href) ?? (href && !href.startsWith('#') && !ANY_SCHEME.test(href) ? { path: href.replace(/^\.\//, ''), line: 1 } : undefined);
  token.attrs = citation ? open(citation).attrs : null;
}

function textToken(TokenCtor: TokenClass, content: string): Token {
  const t = new TokenCtor('text', '', 0);
  t.content = content;
  return t;
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}
