// markdown-it (fences) and sucrase (TypeScript cells) are needed only once a reply is back, so
// they load while the first request is out: `rlm ask`'s first request no longer waits for their
// ~130 ms of module loading. Code that parses a reply awaits `loadReplyParsers()` first.
import type { MarkdownIt } from 'markdown-it';
import type { transform } from 'sucrase';

export interface ReplyParsers {
  markdown: MarkdownIt;
  transform: typeof transform;
}

let loaded: ReplyParsers | undefined;
let loading: Promise<ReplyParsers> | undefined;

export function loadReplyParsers(): Promise<ReplyParsers> {
  loading ??= Promise.all([import('markdown-it'), import('sucrase')]).then(
    ([markdownIt, sucrase]) => (loaded = { markdown: markdownIt.default('commonmark'), transform: sucrase.transform }),
  );
  loading.catch(() => undefined); // a failed load is reported where a reply is parsed, not as an unhandled rejection
  return loading;
}

/** The loaded parsers; a call before `loadReplyParsers()` settled is a bug in the caller. */
export function replyParsers(): ReplyParsers {
  if (!loaded) throw new Error('The reply parsers are not loaded yet: await loadReplyParsers() before parsing a reply.');
  return loaded;
}
