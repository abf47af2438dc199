// Recursion over HTTP: root → rlm over src → rlm over src/util → …; each level sees only its
// paths, answers compose upwards, and past the depth limit rlm() runs as a plain llm() call.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServedRequest } from '../../support/scriptedModelServer.js';
import { makeWorkspace, type TestWorkspace } from '../../fixtures/makeWorkspace.js';
import { firstUser, js, kindOf, lastUser, startHarness, turnOf } from './harness.js';

let ws: TestWorkspace;
beforeAll(() => (ws = makeWorkspace('basic')));
afterAll(() => ws.cleanup());
let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

/** Which RLM level a request comes from: its question tells them apart. */
function level(request: ServedRequest): 'root' | 'child' | 'grandchild' | 'sub' {
  const kind = kindOf(request);
  if (kind !== 'child') return kind;
  return firstUser(request).startsWith('Question: Which util functions') ? 'grandchild' : 'child';
}

/** Turn 1 probes the scope (and a file outside it); turn 2 delegates deeper and composes. */
const PROBE =
  'let outside;\ntry { read("README.md"); outside = "visible" } catch (e) { outside = e.message }\nconst files = glob("**/*.ts");\nprint(JSON.stringify({files, outside}))';

function policy(log: Map<string, string>) {
  return (request: ServedRequest) => {
    const who = level(request);
    if (who === 'sub') {
      log.set('sub', lastUser(request));
      return 'add, multiply (flat)';
    }
    if (turnOf(request) === 1) return js(PROBE);
    log.set(who, lastUser(request));
    if (who === 'root')
      return js('const inner = await rlm("Which functions does src export?", {paths: ["src"]});\nFINAL(`root <- ${inner}`)');
    if (who === 'child')
      return js('const inner = await rlm("Which util functions are there?", {paths: ["src/util"]});\nFINAL(`child <- ${inner}`)');
    return js('FINAL("grandchild: add, multiply, shout, whisper")');
  };
}

const seen = (text: string | undefined) =>
  JSON.parse(/\[cell 1 output\]\n(.+)/.exec(text ?? '')?.[1] ?? '{}') as { files: string[]; outside: string };

describe('recursion over HTTP', () => {
  it('maxDepth 2 (the default): root → child over src → grandchild over src/util, each confined to its paths', async () => {
    const log = new Map<string, string>();
    const h = await startHarness(ws, policy(log));
    close = h.close;
    const result = await h.run();

    expect(result).toMatchObject({ answer: 'root <- child <- grandchild: add, multiply, shout, whisper', status: 'done' });
    const root = seen(log.get('root'));
    expect(root.outside).toBe('visible');
    expect(root.files).toContain('src/index.ts');
    const child = seen(log.get('child'));
    expect(child.outside).toMatch(/^read\(\): "README\.md" is outside the files this sub-RLM was given \("src"\)/);
    expect(child.files.every((f) => f.startsWith('src/'))).toBe(true);
    expect(child.files).toContain('src/index.ts');
    const grandchild = seen(log.get('grandchild'));
    expect(grandchild.outside).toMatch(/^read\(\): "README\.md" is outside the files this sub-RLM was given \("src\/util"\)/);
    expect(grandchild.files).toEqual(['src/util/math.ts', 'src/util/strings.ts']);
    expect(log.has('sub')).toBe(false);

    expect(result.stats).toMatchObject({ maxDepth: 2, subCalls: 2, calls: 6 });
    const rlms = result.trace.filter((n) => n.kind === 'rlm');
    expect(rlms.map((n) => n.depth)).toEqual([0, 1, 2]);
    expect(rlms.every((n) => n.status === 'ok')).toBe(true);
    // Each child hangs under the cell that called rlm().
    const byId = new Map(result.trace.map((n) => [n.id, n]));
    expect(rlms.slice(1).every((n) => byId.get(n.parentId ?? '')?.kind === 'cell')).toBe(true);
    // The child prompts say they are sub-RLMs at their depth.
    const childSystems = h.server.requests.filter((r) => kindOf(r) === 'child').map((r) => r.messages[0]?.content ?? '');
    expect(childSystems.some((s) => s.includes('You are a sub-RLM at depth 1'))).toBe(true);
    expect(childSystems.some((s) => s.includes('You are a sub-RLM at depth 2'))).toBe(true);
  });

  it("maxDepth 1: the depth-1 child's rlm() runs as llm() and the trace says so", async () => {
    const log = new Map<string, string>();
    const h = await startHarness(ws, policy(log));
    close = h.close;
    const result = await h.run({ budgets: { maxDepth: 1 } });

    expect(result).toMatchObject({ answer: 'root <- child <- add, multiply (flat)', status: 'done' });
    expect(seen(log.get('child')).outside).toMatch(/outside the files this sub-RLM was given \("src"\)/);
    // The would-be grandchild is one sub-call with the prompt and no REPL.
    expect(log.get('sub')).toBe('Which util functions are there?');
    expect(log.has('grandchild')).toBe(false);
    expect(result.stats).toMatchObject({ maxDepth: 1, subCalls: 2 });
    expect(result.trace.filter((n) => n.kind === 'rlm').map((n) => n.depth)).toEqual([0, 1]);
    const fallback = result.trace.find((n) => n.label.startsWith('rlm→llm (depth limit)'));
    expect(fallback).toMatchObject({ kind: 'llm', model: 'sub-model', status: 'ok', depth: 1 });
    // The notice that rlm() fell back is in the child's cell output.
    const childCell = result.trace.find((n) => n.kind === 'cell' && n.depth === 1 && n.detail?.includes('rlm("Which util'));
    expect(childCell?.detail).toContain('the depth limit (1) is reached, so this ran as llm()');
  });

  it('refuses a child scope with no visible files, with a hint', async () => {
    const h = await startHarness(ws, (request) => {
      if (turnOf(request) === 1)
        return js('let msg;\ntry { await rlm("Look", {paths: ["nope/"]}) } catch (e) { msg = e.message }\nFINAL(msg)');
      return js('FINAL("unexpected")');
    });
    close = h.close;
    const result = await h.run();
    expect(result.answer).toBe('rlm(): none of the paths "nope" hold a visible file; check them with ls() or glob().');
    expect(h.server.requests).toHaveLength(1);
  });
});
