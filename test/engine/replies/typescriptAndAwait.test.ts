// TypeScript cells (Copilot's and GPT models' habit in a codebase of .ts files), and the
// missing `await` of models used to the Python RLM, whose llm_query is synchronous.
import { describe, expect, it } from 'vitest';
import { js, play, useCorpus } from './corpus.js';

useCorpus();

describe('TypeScript cells', () => {
  it('a ```ts cell runs with its types stripped', async () => {
    const p = await play((turn) =>
      turn === 1
        ? '```ts\ninterface Hit { path: string; line: number }\nconst hits: Hit[] = grep("TODO: accept") as Hit[];\nprint(hits.map((h: Hit) => `${h.path}:${h.line}`).join())\n```'
        : js('FINAL("src/index.ts:4")'),
    );
    expect(p.result).toMatchObject({ answer: 'src/index.ts:4', status: 'done' });
    expect(p.fed(1)).toBe('[cell 1 output]\nsrc/index.ts:4');
    expect(p.turnDetail(1)).toContain('stripped: TypeScript types from a ```ts cell');
  });

  it('TypeScript in a ```js cell runs too, and errors keep their line numbers', async () => {
    const p = await play((turn) =>
      turn === 1
        ? js('type Row = { path: string };\nconst rows: Row[] = [];\nconst first = rows[0] as Row;\nprint(first.path)')
        : js('FINAL("ok")'),
    );
    expect(p.result).toMatchObject({ answer: 'ok', status: 'done' });
    expect(p.fed(1)).toBe(
      "[cell 1: no output — print() what you want to see]\n[cell 1 error] TypeError: Cannot read properties of undefined (reading 'path') (line 4)",
    );
  });
});

describe('a missing await', () => {
  it('FINAL(\'found \' + llm(…)) is refused with "await it", then the awaited answer is accepted', async () => {
    const p = await play(
      (turn) =>
        turn === 1
          ? js('FINAL("found " + llm("Which function adds?", read("src/util/math.ts")))')
          : js('FINAL("found " + await llm("Which function adds?", read("src/util/math.ts")))'),
      () => 'add (src/util/math.ts:1)',
    );
    expect(p.result).toMatchObject({ answer: 'found add (src/util/math.ts:1)', status: 'done' });
    expect(p.fed(1)).toBe(
      '[cell 1: no output — print() what you want to see]\n[cell 1 error] Error: FINAL\'s answer contains "[object Promise]": a sub-call result was used before it finished. await it: FINAL(await llm(...)), or `const a = await llm(...)` first. (line 1)',
    );
  });

  it('FINAL(llm(…)) is refused rather than answering {}', async () => {
    const p = await play((turn) => (turn === 1 ? js('FINAL(llm("Summarize", read("src/index.ts")))') : js('FINAL("ok")')));
    expect(p.result).toMatchObject({ answer: 'ok', status: 'done' });
    expect(p.fed(1)).toMatch(
      /\[cell 1 error\] Error: FINAL got a Promise, not an answer: a sub-call result was used before it finished\. await it/,
    );
  });

  it('forEach(async …) leaves sub-calls running: the cell is told how many, and what happens to them', async () => {
    const p = await play((turn) =>
      turn === 1
        ? js(
            'const notes = [];\nglob("src/**/*.ts").slice(0, 3).forEach(async (f) => notes.push(await llm("Summarize", read(f))));\nprint(notes.length)',
          )
        : js('FINAL("ok")'),
    );
    expect(p.result).toMatchObject({ answer: 'ok', status: 'done' });
    expect(p.fed(1)).toBe(
      '[cell 1 output]\n0\n[the cell ended while 3 sub-calls (llm/rlm) it started were still running, not awaited (forEach(async …)? a missing await?). ' +
        'The cell did not wait for them, so they are dropped: code after their await never runs and their results are lost. Use `await Promise.all(items.map(async (x) => …))`.]',
    );
  });
});
