// The best-answer call at a limit, answered the way models answer everything else (a ```js
// FINAL cell), and the size of the first root request.
import { describe, expect, it } from 'vitest';
import { SYSTEM_PROMPT_VERSION } from '../../../src/engine/prompt/systemPrompt.js';
import { js, lastUser, play, useCorpus } from './corpus.js';

useCorpus();

describe('the best answer at a limit', () => {
  it('a best answer written as a ```js FINAL(...) cell is unwrapped', async () => {
    const p = await play(
      (_turn, request) =>
        lastUser(request).startsWith('Stop exploring')
          ? `Here is my best answer:\n\n${js('FINAL(`The TODO is at src/index.ts:4 (${todo.length} found).`)')}`
          : js('const todo = grep("TODO: accept");\nprint(todo.length)'),
      undefined,
      { budgets: { maxIterations: 2 } },
    );
    expect(p.result).toMatchObject({
      answer: 'The TODO is at src/index.ts:4 (1 found).',
      status: 'partial',
      reason: 'the turn limit (2 turns) is reached',
    });
  });

  it('a best answer in prose FINAL(...) or plain prose is kept as written', async () => {
    const prose = await play(
      (_turn, request) => (lastUser(request).startsWith('Stop exploring') ? 'FINAL(Probably src/index.ts:4.)' : js('print(1)')),
      undefined,
      { budgets: { maxIterations: 1 } },
    );
    expect(prose.result.answer).toBe('Probably src/index.ts:4.');
    const byVar = await play(
      (_turn, request) => (lastUser(request).startsWith('Stop exploring') ? 'FINAL_VAR(todo)' : js('const todo = "src/index.ts:4"')),
      undefined,
      { budgets: { maxIterations: 1 } },
    );
    expect(byVar.result).toMatchObject({ answer: 'src/index.ts:4', status: 'partial' });
  });
});

describe('the first root request', () => {
  it(`stays under 2,000 tokens (characters / 4) with prompt ${SYSTEM_PROMPT_VERSION}`, async () => {
    const p = await play(() => js('FINAL("ok")'));
    const chars = p.root[0]!.messages.reduce((n, m) => n + m.content.length, 0);
    expect(Math.ceil(chars / 4)).toBeLessThan(2_000);
    const system = p.root[0]!.messages[0]!.content;
    for (const rule of [
      'plain JavaScript',
      'always `await` them',
      'Nobody can answer questions during the run',
      'Chunk → map → aggregate',
      'await Promise.all(chunks.map(',
      'Cite sources as path:line',
      'A prose FINAL in a reply that also has code is not accepted',
    ]) {
      expect(system).toContain(rule);
    }
  });

  it("the prompt's chunk → map → aggregate recipe runs as written", async () => {
    const p = await play(
      (turn, request) => {
        if (turn > 1) return js('FINAL("ok")');
        const recipe = /```js\n([\s\S]*?)\n```/.exec(request.messages[0]!.content)![1]!;
        return js(recipe.replace('grep("invalidate")', 'grep("TODO")'));
      },
      (request) => (request.messages.at(-1)!.content.includes('src/index.ts') ? 'src/index.ts:4 — the TODO' : 'NONE'),
    );
    expect(p.fed(1)).toBe('[cell 1 output]\nsrc/index.ts:4 — the TODO');
  });
});
