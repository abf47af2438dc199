// The reply parsers load on demand (replyParsers.ts): before the load a parse is refused loudly,
// never taken for "no fences" or "not TypeScript".
import { expect, it } from 'vitest';
import { parseReply } from '../../../src/engine/reply/parseReply.js';
import { loadReplyParsers } from '../../../src/engine/reply/replyParsers.js';

it('refuses to parse before the parsers are loaded, then parses', async () => {
  const reply = 'Let me look.\n```ts\nconst n: number = 1;\nprint(n)\n```';
  expect(() => parseReply(reply)).toThrow(/await loadReplyParsers\(\)/);
  await loadReplyParsers();
  expect(parseReply(reply).cells.map((c) => c.code)).toEqual(['const n = 1;\nprint(n)']);
});
