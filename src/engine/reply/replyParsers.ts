// markdown-it (fences), sucrase (TypeScript cells) and acorn (is a cell JavaScript?) are needed
// only once a reply is back, so they load while the first request is out: `rlm ask`'s first
// request no longer waits for their module loading (~130 ms; acorn's 200 KB ~7 ms of CPU more).
// Code that parses a reply awaits `loadReplyParsers()` first.
import type { parse } from 'acorn';
import type { MarkdownIt } from 'markdown-it';
import type { transform } from 'sucrase';

export interface ReplyParsers {
  markdown: MarkdownIt;
  transform: typeof transform;
  parseJavaScript: typeof parse;
}

let loaded: ReplyParsers | undefined;
let loading: Promise<ReplyParsers> | undefined;

export function loadReplyParsers(): Promise<ReplyParsers> {
  loading ??= Promise.all([import('markdown-it'), import('sucrase'), import('acorn')]).then(
    ([markdownIt, sucrase, acorn]) =>
      (loaded = { markdown: markdownIt.default('commonmark'), transform: sucrase.transform, parseJavaScript: acorn.parse }),
  );
  loading.catch(() => undefined); // a failed load is reported where a reply is parsed, not as an unhandled rejection
  return loading;
}

/** The loaded parsers; a call before `loadReplyParsers()` settled is a bug in the caller. */
export function replyParsers(): ReplyParsers {
  if (!loaded) throw new Error('The reply parsers are not loaded yet: await loadReplyParsers() before parsing a reply.');
  return loaded;
}
