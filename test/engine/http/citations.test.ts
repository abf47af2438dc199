// Grounded citations over HTTP: a FINAL citing a file that does not exist or a line past the end
// goes back to the model once, naming each broken citation; the corrected answer is graded.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, type TestWorkspace } from '../../fixtures/makeWorkspace.js';
import { text } from '../../support/scriptedModelServer.js';
import { js, lastUser, startHarness, turnOf } from './harness.js';

let ws: TestWorkspace;
beforeAll(() => (ws = makeWorkspace('basic')));
afterAll(() => ws.cleanup());
let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

const explore = js('print(peek("src/util/math.ts", 8, 10))');
const wrong = js(
  'FINAL("Overflow is not handled: see src/util/math.ts:99 and the check in src/util/overflow.ts:3. Addition is at src/util/math.ts:1-3.")',
);

describe('broken citations over HTTP', () => {
  it('are reported once, and the corrected answer is graded read and unread', async () => {
    const h = await startHarness(ws, (request) => {
      const turn = turnOf(request);
      if (turn === 1) return text(explore);
      if (turn === 2) return text(wrong);
      // As a model does: it takes the note at its word and fixes what it names.
      expect(lastUser(request)).toContain('not point at real lines');
      return text(js('FINAL("Overflow is not handled: the TODO is at src/util/math.ts:9. Addition is at `src/util/math.ts:1-3`.")'));
    });
    close = h.close;
    const result = await h.run({ question: 'Is overflow handled?' });

    expect(h.server.requests).toHaveLength(3);
    const note = lastUser(h.server.requests[2]!);
    expect(note).toContain('- src/util/math.ts:99: src/util/math.ts has only 12 lines');
    expect(note).toContain('- src/util/overflow.ts:3: no such file in the workspace');
    expect(note).not.toContain('src/util/math.ts:1-3');
    expect(result).toMatchObject({ status: 'done', answer: expect.stringContaining('src/util/math.ts:9') });
    expect(result.citations).toEqual([
      { path: 'src/util/math.ts', line: 9, status: 'read', file: 'src/util/math.ts' },
      { path: 'src/util/math.ts', line: 1, endLine: 3, status: 'unread', file: 'src/util/math.ts' },
    ]);
  });

  it('are reported only once: a model that repeats them ends with them graded', async () => {
    // The second FINAL rewords the first (the same code would not run again) and keeps the citations.
    const insist = js('FINAL("I checked: src/util/math.ts:99 and src/util/overflow.ts:3 are right. Addition is at src/util/math.ts:1-3.")');
    const h = await startHarness(ws, (request) => text([explore, wrong, insist][turnOf(request) - 1] ?? js('FINAL("too many turns")')));
    close = h.close;
    const result = await h.run({ question: 'Is overflow handled?' });

    expect(h.server.requests).toHaveLength(3);
    expect(h.server.requests.filter((r) => lastUser(r).includes('not point at real lines'))).toHaveLength(1);
    expect(result.status).toBe('done');
    expect(result.citations.map((c) => `${c.path}:${c.line} ${c.status}`)).toEqual([
      'src/util/math.ts:99 out-of-range',
      'src/util/overflow.ts:3 missing',
      'src/util/math.ts:1 unread',
    ]);
  });

  it('on the last turn are not reported: the answer stands, graded', async () => {
    const h = await startHarness(ws, (request) => (turnOf(request) === 1 ? text(explore) : text(wrong)));
    close = h.close;
    const result = await h.run({ question: 'Is overflow handled?', budgets: { maxIterations: 2 } });

    expect(h.server.requests).toHaveLength(2);
    expect(result.status).toBe('done');
    expect(result.citations.filter((c) => c.status === 'missing' || c.status === 'out-of-range')).toHaveLength(2);
  });
});
