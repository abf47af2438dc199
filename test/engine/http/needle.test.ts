// A needle search over HTTP: the root model greps, reads what the grep found in the next user
// message and answers with it. The trace carries the server's token counts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkspace } from '../../fixtures/makeWorkspace.js';
import { makeWorkspace } from '../../fixtures/makeWorkspace.js';
import { text } from '../../support/scriptedModelServer.js';
import { js, kindOf, lastUser, startHarness, turnOf } from './harness.js';

let ws: TestWorkspace;
beforeAll(() => (ws = makeWorkspace('basic')));
afterAll(() => ws.cleanup());
let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

describe('needle search by grep over HTTP', () => {
  it('greps, then FINALs what the grep found; the trace has tokens from the server', async () => {
    const usage = { inputTokens: 300, outputTokens: 40 };
    const h = await startHarness(ws, (request) => {
      expect(kindOf(request)).toBe('root');
      if (turnOf(request) === 1)
        return text(
          js(
            'const hits = grep("todo: handle", {ignoreCase: true});\nprint(hits.map((h) => `${h.path}:${h.line}: ${h.text.trim()}`).join("\\n"))',
          ),
          { usage },
        );
      // Build the answer from what the sandbox printed, as a real model would.
      const found = /\[cell 1 output\]\n(.+)/.exec(lastUser(request))?.[1] ?? 'nothing';
      return text(js(`FINAL(${JSON.stringify(`The overflow TODO is at ${found}`)})`), { usage });
    });
    close = h.close;
    const result = await h.run({ question: 'Where is the overflow TODO?' });

    expect(result).toMatchObject({ answer: 'The overflow TODO is at src/util/math.ts:9: // todo: handle overflow', status: 'done' });
    expect(result.reason).toBeUndefined();
    expect(h.server.requests).toHaveLength(2);
    expect(h.server.requests[0]?.model).toBe('root-model');
    expect(lastUser(h.server.requests[0]!)).toMatch(/^Question: Where is the overflow TODO\?\n\nWorkspace: basic — \d+ files/);

    const kinds = result.trace.map((n) => n.kind);
    expect(kinds).toEqual(['rlm', 'turn', 'llm', 'cell', 'turn', 'llm', 'cell']);
    expect(result.trace.every((n) => n.status === 'ok' && n.endMs !== undefined)).toBe(true);
    const llmNodes = result.trace.filter((n) => n.kind === 'llm');
    for (const n of llmNodes) expect(n).toMatchObject({ model: 'root-model', inputTokens: 300, outputTokens: 40 });
    // Parents: turn under rlm, llm and cell under the turn.
    const byId = new Map(result.trace.map((n) => [n.id, n]));
    for (const n of result.trace.slice(1)) {
      const parent = byId.get(n.parentId ?? '');
      expect(parent?.kind).toBe(n.kind === 'turn' ? 'rlm' : 'turn');
    }
    expect(result.trace[3]?.detail).toContain('src/util/math.ts:9');
    expect(result.stats).toMatchObject({ calls: 2, subCalls: 0, cacheHits: 0, inputTokens: 600, outputTokens: 80, maxDepth: 0 });
    // root-model has no price: the cost is unknown rather than guessed.
    expect(result.stats.costKnown).toBe(false);
    expect(
      result.traceJsonl
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).kind),
    ).toEqual(kinds);
  });
});
