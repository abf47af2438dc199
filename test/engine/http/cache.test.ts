// The persistent completion cache over HTTP: the same question twice costs the second time no
// request at all; a changed file changes the prompts of the calls that read it, which miss.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, type TestWorkspace } from '../../fixtures/makeWorkspace.js';
import type { ServedRequest } from '../../support/scriptedModelServer.js';
import { js, kindOf, lastUser, startHarness, turnOf } from './harness.js';

let ws: TestWorkspace;
let cacheDir: string;
beforeAll(() => {
  ws = makeWorkspace('basic');
  cacheDir = mkdtempSync(join(tmpdir(), 'rlm-http-cache-'));
});
afterAll(() => {
  ws.cleanup();
  rmSync(cacheDir, { recursive: true, force: true });
});
let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

/** Sub-calls answer with the first line of the file they were given, so a changed file changes the answer. */
function policy(r: ServedRequest): string {
  if (kindOf(r) === 'sub') return `first line: ${/<context>\n(.*)/.exec(lastUser(r))?.[1] ?? '?'}`;
  if (turnOf(r) === 1)
    return js(
      'const files = glob("src/util/*.ts");\nconst answers = await Promise.all(files.map((f) => llm("What is the first line?", read(f))));\nprint(files.map((f, i) => `${f}: ${answers[i]}`).join("\\n"))',
    );
  return js(`FINAL(${JSON.stringify(/\[cell 1 output\]\n([\s\S]*)$/.exec(lastUser(r))?.[1] ?? '?')})`);
}

describe('completion cache over HTTP', () => {
  it('answers a repeated question from the cache; a changed file misses where it is read', async () => {
    const h = await startHarness(ws, policy);
    close = h.close;
    const run = () => h.run({ completionCacheDir: cacheDir });

    const first = await run();
    expect(first).toMatchObject({
      status: 'done',
      answer:
        'src/util/math.ts: first line: export function add(a: number, b: number): number {\nsrc/util/strings.ts: first line: export function shout(text: string): string {',
    });
    expect(first.stats).toMatchObject({ calls: 4, subCalls: 2, cacheHits: 0 });
    expect(h.server.requests).toHaveLength(4);

    const second = await run();
    expect(second.answer).toBe(first.answer);
    expect(second.stats).toMatchObject({ calls: 4, subCalls: 2, cacheHits: 4, inputTokens: 0, outputTokens: 0, costUsd: 0 });
    expect(h.server.requests).toHaveLength(4); // not one request more
    const llmNodes = second.trace.filter((n) => n.kind === 'llm');
    expect(llmNodes.map((n) => n.status)).toEqual(['cached', 'cached', 'cached', 'cached']);
    // Cached nodes still show the usage the answer cost originally.
    expect(llmNodes.every((n) => (n.inputTokens ?? 0) > 0)).toBe(true);

    // Same size, different first line: the workspace summary is unchanged, the file is not.
    const math = join(ws.root, 'src/util/math.ts');
    const before = readFileSync(math, 'utf8');
    writeFileSync(math, before.replace('export function add(a: number, b: number)', 'export function sum(a: number, b: number)'));
    const third = await run();
    expect(third.answer).toBe(
      'src/util/math.ts: first line: export function sum(a: number, b: number): number {\nsrc/util/strings.ts: first line: export function shout(text: string): string {',
    );
    // Misses: the sub-call that read math.ts, and root turn 2 whose prompt carries its answer.
    const fresh = h.server.requests.slice(4);
    expect(fresh).toHaveLength(2);
    expect(kindOf(fresh[0]!)).toBe('sub');
    expect(lastUser(fresh[0]!)).toContain('export function sum');
    expect(turnOf(fresh[1]!)).toBe(2);
    expect(third.stats).toMatchObject({ calls: 4, cacheHits: 2 });
    const subNodes = third.trace.filter((n) => n.kind === 'llm' && n.model === 'sub-model');
    expect(subNodes.find((n) => n.detail?.includes('export function sum'))?.status).toBe('ok');
    expect(subNodes.find((n) => n.detail?.includes('export function shout'))?.status).toBe('cached');
  });

  it('without a cache every run goes to the server', async () => {
    const h = await startHarness(ws, policy);
    close = h.close;
    await h.run();
    const again = await h.run();
    expect(again.stats.cacheHits).toBe(0);
    expect(h.server.requests).toHaveLength(8);
  });
});
