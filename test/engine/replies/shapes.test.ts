// Replies in the wrong language or shape, as real models send them: Python habits (and the
// official Python RLM's names), bare fences, tool calls, replies cut at the token limit,
// clarifying questions. Each gets specific feedback, never a generic sentence.
import { describe, expect, it } from 'vitest';
import { CODE_FROM_TOOL_CALL, CUT_OFF, NO_TOOLS, NOBODY_TO_ASK } from '../../../src/engine/reply/feedback.js';
import { PYTHON_HINT } from '../../../src/engine/reply/hints.js';
import { text } from '../../support/scriptedModelServer.js';
import { js, play, useCorpus } from './corpus.js';

useCorpus();

const done = js('FINAL("src/index.ts:4")');
const answered = { answer: 'src/index.ts:4', status: 'done' };

describe('wrong language', () => {
  it('a ```python block is not run: "this REPL runs JavaScript", with translations', async () => {
    const p = await play((turn) =>
      turn === 1 ? "Let me search the code.\n\n```python\nhits = grep('TODO')\nprint(len(hits))\n```" : done,
    );
    expect(p.result.answer).toBe('src/index.ts:4');
    expect(p.cells()).toHaveLength(1);
    expect(p.fed(1)).toBe(`Your \`\`\`python block was not run. ${PYTHON_HINT}`);
    expect(PYTHON_HINT).toMatch(
      /^This REPL runs JavaScript, not Python\. Translate: len\(x\) → x\.length, f"\{a\} b" → `\$\{a\} b`, x\[:1000\] → x\.slice\(0, 1000\)/,
    );
    expect(p.turnDetail(1)).toBe(`ignored: a \`\`\`python block (not JavaScript)\n--- feedback ---\n${p.fed(1)}`);
  });

  it('a Python-RLM habit in a ```repl cell: the syntax error comes with the translations', async () => {
    const cell = 'chunk = context[:1000]\nfor line in chunk.split("\\n"):\n    print(f"{line}")';
    const p = await play((turn) => (turn === 1 ? `\`\`\`repl\n${cell}\n\`\`\`` : done));
    expect(p.result).toMatchObject(answered);
    expect(p.fed(1)).toBe(
      `[cell 1: no output — print() what you want to see]\n[cell 1 error] SyntaxError: Unexpected token at line 1, column 17\n${PYTHON_HINT}`,
    );
  });

  it('Python built-ins in valid JavaScript (len(x)) fail at run time with the same hint', async () => {
    const p = await play((turn) => (turn === 1 ? js('const hits = grep("TODO");\nprint(len(hits))') : done));
    expect(p.result).toMatchObject(answered);
    expect(p.fed(1)).toBe(
      `[cell 1: no output — print() what you want to see]\n[cell 1 error] ReferenceError: len is not defined (line 2)\n${PYTHON_HINT}`,
    );
  });

  it("the official RLM's names fail with a message naming ours", async () => {
    const p = await play((turn) => {
      if (turn === 1) return '```repl\nconst answer = llm_query("Summarize this: " + context.slice(0, 1000));\nprint(answer)\n```';
      if (turn === 2) return js('print(context.length)');
      if (turn === 3) return js('print(SHOW_VARS())');
      if (turn === 4) return js('answer["content"] = "src/index.ts:4";\nanswer["ready"] = true;');
      return done;
    });
    expect(p.result).toMatchObject(answered);
    expect(p.fed(1)).toBe(
      "[cell 1: no output — print() what you want to see]\n[cell 1 error] ReferenceError: llm_query is not defined (line 1)\nllm_query is the Python RLM's name; here it is `await llm(prompt, context?)`, which returns a Promise: always await it.",
    );
    expect(p.fed(2)).toBe(
      '[cell 1: no output — print() what you want to see]\n[cell 1 error] ReferenceError: context is not defined (line 1)\nThere is no `context` variable: the workspace is a read-only file tree. Explore it with tree(), glob(), grep() and read(path); the question is in `query`.',
    );
    expect(p.fed(3)).toMatch(
      /ReferenceError: SHOW_VARS is not defined \(line 1\)\nThere is no SHOW_VARS\(\): your variables are globals, so print\(Object\.keys\(globalThis\)\) lists them\.$/,
    );
    // Turn 1 declared `answer` before failing, so the Python RLM's answer dict meets an undefined variable.
    expect(p.fed(4)).toBe(
      "[cell 1: no output — print() what you want to see]\n[cell 1 error] TypeError: Cannot set properties of undefined (setting 'content') (line 1)\n" +
        'There is no `answer` dict to fill in here: end the run with FINAL(text) (or FINAL_VAR("name")) once you have seen the output you need.',
    );
  });

  it("`context` stays free for the model's own variables", async () => {
    const p = await play(() => js('const context = read("src/util/math.ts");\nFINAL(String(context.split("\\n").length))'));
    expect(p.result.answer).toBe('13');
  });
});

describe('wrong shape', () => {
  it('a bare fence holding JavaScript runs', async () => {
    const p = await play((turn) => (turn === 1 ? 'Searching:\n```\nprint(grep("TODO: accept").length)\n```' : done));
    expect(p.result).toMatchObject(answered);
    expect(p.fed(1)).toBe('[cell 1 output]\n1');
    expect(p.turnDetail(1)).toContain('ran: a bare ``` block holding JavaScript');
  });

  it('a tool call with a `code` argument runs it, and says there are no tools', async () => {
    const call = { name: 'python', arguments: JSON.stringify({ code: 'print(grep("TODO: accept").length)' }) };
    const p = await play((turn) => (turn === 1 ? text('', { toolCalls: [call] }) : done));
    expect(p.result).toMatchObject(answered);
    expect(p.fed(1)).toBe(`${CODE_FROM_TOOL_CALL('python')}\n\n[cell 1 output]\n1`);
    expect(CODE_FROM_TOOL_CALL('python')).toBe(
      '[You called a tool "python"; there are no tools, only code cells. Its `code` argument ran as a JavaScript cell; next time write it in a ```js block.]',
    );
    // The conversation keeps what the model did.
    expect(p.root[1]!.messages.filter((m) => m.role === 'assistant').map((m) => m.content)).toEqual([
      `[tool call python(${call.arguments})]`,
    ]);
  });

  it('a tool call without code is told there are no tools, only code cells', async () => {
    const p = await play((turn) =>
      turn === 1 ? text('', { toolCalls: [{ name: 'search_files', arguments: '{"query": "TODO"}' }] }) : done,
    );
    expect(p.result).toMatchObject(answered);
    expect(p.fed(1)).toBe(NO_TOOLS);
    expect(NO_TOOLS).toBe(
      'There are no tools or functions to call here, only code cells: write a ```js code block, and call the REPL functions (grep, read, llm, …) inside it.',
    );
  });

  it('a reply cut off at the token limit: complete cells run, the cut one does not, the model is told to write shorter cells', async () => {
    const p = await play((turn) =>
      turn === 1
        ? text(`${js('print(1)')}\nNow the long part:\n\`\`\`js\nconst files = glob("**/*");\nfor (const f of files) {\n  print(read(`, {
            finishReason: 'length',
          })
        : done,
    );
    expect(p.result).toMatchObject(answered);
    expect(p.fed(1)).toBe(`[cell 1 output]\n1\n\n${CUT_OFF}`);
    expect(CUT_OFF).toMatch(
      /^Your reply was cut off at the output-token limit, so its unfinished part \(a code block or a FINAL\) was not used\. Write shorter cells/,
    );
    expect(p.turnDetail(1)).toContain('finish reason: length');
  });

  it('a reply cut off inside a prose FINAL is told the same, not given a generic sentence', async () => {
    const p = await play((turn) =>
      turn === 1
        ? text('I have seen enough.\n\nFINAL(The TODO is at src/index.ts:4. It asks for greet() to accept', { finishReason: 'length' })
        : done,
    );
    expect(p.result).toMatchObject(answered);
    expect(p.fed(1)).toBe(CUT_OFF);
    // Cut right after a parenthesis, the FINAL looks closed; it is still not taken.
    const q = await play((turn) =>
      turn === 1 ? text('FINAL(The TODO is at src/index.ts:4 (in greet())', { finishReason: 'length' }) : done,
    );
    expect(q.result).toMatchObject(answered);
    expect(q.fed(1)).toBe(CUT_OFF);
  });

  it('a clarifying question: nobody can answer mid-run, assume and say so', async () => {
    const p = await play((turn) =>
      turn === 1 ? 'Before I start: do you mean the TODO comments in source files only, or also in the README?' : done,
    );
    expect(p.result).toMatchObject(answered);
    expect(p.fed(1)).toBe(NOBODY_TO_ASK);
    expect(NOBODY_TO_ASK).toMatch(/^Nobody can answer questions during the run.*state the assumption in your final answer\.$/);
  });
});
