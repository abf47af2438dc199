// Reading a read-ahead reply (hostBridge.ts readAheadReply) as the guest does: the lengths in its
// head, then each call's reply text cut out of the rest.

/** Each call's reply text, in the order of the calls. */
export function readAheadTexts(text: string): string[] {
  const cut = text.indexOf('\n');
  const head = JSON.parse(text.slice(0, cut)) as { ok: true; ahead: number[] };
  let from = cut + 1;
  const texts = head.ahead.map((length) => text.slice(from, (from += length)));
  if (from !== text.length) throw new Error(`${text.length - from} characters after the last reply`);
  return texts;
}

/** Each call's reply, parsed (replies without a tail). */
export function readAheadReplies(text: string): unknown[] {
  return readAheadTexts(text).map((reply) => JSON.parse(reply) as unknown);
}
