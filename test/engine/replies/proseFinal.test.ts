// Answers written in prose: markdown with code blocks (Copilot and GPT models answer this
// way), sign-offs, FINAL_VAR, and the failure the official RLM's users report most — a model
// that writes code and answers in the same reply, before it has seen the output.
import { describe, expect, it } from 'vitest';
import { FINAL_WITH_CODE, NO_CODE } from '../../../src/engine/reply/feedback.js';
import { js, play, useCorpus } from './corpus.js';

useCorpus();

const ANSWER = [
  '`greet()` builds the greeting (src/index.ts:5-7):',
  '',
  '```ts',
  'export function greet(name: string): string {',
  '  return `Hello, ${name}`;',
  '}',
  '```',
  '',
  'It is called from `main()` (src/index.ts:11). To greet a list of names (the TODO at src/index.ts:4):',
  '',
  '```js',
  'FINAL("this block is part of the answer and must not run")',
  '```',
].join('\n');

describe('FINAL in prose', () => {
  it('a multi-line markdown answer survives whole, and its code blocks never run', async () => {
    const p = await play((turn) =>
      turn === 1
        ? js('print(peek("src/index.ts", 4, 11))')
        : `The output confirms it.\n\nFINAL(${ANSWER})\n\nLet me know if you would like me to implement the TODO (it is small)!`,
    );
    expect(p.result).toMatchObject({ answer: ANSWER, status: 'done' });
    expect(p.cells()).toHaveLength(1);
    expect(p.turnDetail(2)).toBe('ignored: text after FINAL(...): Let me know if you would like me to implement the TODO (it is small)!');
  });

  it.each([
    'The report variable holds the answer.\n\nFINAL_VAR(report)',
    // Mid-line, as the Python RLM's prompts word it.
    'I stored the report in `report` in the previous cell, so here it is: FINAL_VAR(report)',
  ])('FINAL_VAR(name) in prose ends the run with the variable: %j', async (final) => {
    const p = await play((turn) =>
      turn === 1
        ? js('const report = grep("TODO: accept").map((h) => `${h.path}:${h.line}: ${h.text.trim()}`).join("\\n");\nprint(report.length)')
        : final,
    );
    expect(p.result).toMatchObject({ answer: 'src/index.ts:4: // TODO: accept a list of names', status: 'done' });
  });

  it('FINAL_VAR of a variable that does not exist is told so', async () => {
    const p = await play((turn) => (turn === 1 ? 'FINAL_VAR(answer)' : js('FINAL("ok")')));
    expect(p.result.answer).toBe('ok');
    expect(p.fed(1)).toBe(
      '[cell 1: no output — print() what you want to see]\n[cell 1 error] Error: FINAL_VAR: no global variable named "answer"; define it first or call FINAL(value). (line 1)',
    );
  });

  it('GPT-style code and answer in one reply: the code runs, the FINAL is refused and the model told why', async () => {
    const p = await play((turn) =>
      turn === 1
        ? `I'll search for the TODO.\n\n${js('print(grep("TODO: accept").map((h) => `${h.path}:${h.line}`).join("\\n"))')}\n\nThe TODO is in the main entry file.\n\nFINAL(The TODO is at src/main.ts:12.)`
        : 'FINAL(The TODO is at src/index.ts:4.)',
    );
    expect(p.result).toMatchObject({ answer: 'The TODO is at src/index.ts:4.', status: 'done' });
    expect(p.fed(1)).toBe(`[cell 1 output]\nsrc/index.ts:4\n\n${FINAL_WITH_CODE}`);
    expect(FINAL_WITH_CODE).toMatch(
      /^Your FINAL\(\.\.\.\) in prose was NOT accepted: it came in the same reply as code, so you had not seen that code's output yet\./,
    );
    expect(p.turnDetail(1)).toContain('ignored: a prose FINAL next to code');
  });
});

describe("FINAL ending a sentence (the Python RLM prompts' habit)", () => {
  it('"So the answer is FINAL(...)" ends the run with that answer', async () => {
    const p = await play((turn) =>
      turn === 1
        ? js('print(grep("TODO: accept").map((h) => `${h.path}:${h.line}`).join("\\n"))')
        : 'The grep shows a single TODO, in the entry file. So the answer is FINAL(The TODO is at src/index.ts:4.)',
    );
    expect(p.result).toMatchObject({ answer: 'The TODO is at src/index.ts:4.', status: 'done' });
    expect(p.root).toHaveLength(2);
  });

  it('a sentence about calling FINAL later is no answer: the model is asked for code', async () => {
    const p = await play((turn) =>
      turn === 1 ? "I'll grep for the TODO first, then FINAL(answer) once I have seen the output." : js('FINAL("src/index.ts:4")'),
    );
    expect(p.result.answer).toBe('src/index.ts:4');
    expect(p.fed(1)).toBe(NO_CODE);
  });
});
