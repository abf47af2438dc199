// Reasoning models: Qwen3 / DeepSeek-R1 / QwQ write <think>…</think> into the text when the
// server runs without a reasoning parser; vLLM and SGLang with one stream it as
// `reasoning_content`, Ollama as `reasoning`. None of it is ever run as code.
import { describe, expect, it } from 'vitest';
import { EMPTY, EMPTY_RETRY } from '../../../src/engine/reply/feedback.js';
import { text } from '../../support/scriptedModelServer.js';
import { js, play, useCorpus } from './corpus.js';

useCorpus();

describe('reasoning in replies', () => {
  it('Qwen3 without a reasoning parser: code and FINAL inside <think> never run', async () => {
    const p = await play((turn) =>
      turn === 1
        ? `<think>\nThe user asks where the TODO is. I could just guess:\n${js('FINAL("It is in README.md")')}\nNo, better search first.\n</think>\n\n${js('print(grep("TODO: accept").map((h) => `${h.path}:${h.line}`))')}`
        : `<think>\nThe grep found src/index.ts:4.\n</think>\n\n${js('FINAL("The TODO is at src/index.ts:4")')}`,
    );
    expect(p.result).toMatchObject({ answer: 'The TODO is at src/index.ts:4', status: 'done' });
    expect(p.cells().map((c) => c.detail?.split('\n')[0])).toEqual([
      'print(grep("TODO: accept").map((h) => `${h.path}:${h.line}`))',
      'FINAL("The TODO is at src/index.ts:4")',
    ]);
    expect(p.fed(1)).toBe('[cell 1 output]\n["src/index.ts:4"]');
    expect(p.turnDetail(1)).toMatch(/^stripped: <think> reasoning \(\d+ chars\)\n--- feedback ---\n\[cell 1 output\]/);
    // The conversation keeps the reply without its reasoning.
    expect(p.root[1]!.messages.find((m) => m.role === 'assistant')?.content).toBe(
      js('print(grep("TODO: accept").map((h) => `${h.path}:${h.line}`))'),
    );
  });

  it('DeepSeek-R1 with the <think> opened by the chat template: only the closing tag is in the reply', async () => {
    const p = await play(
      () =>
        `Okay, the user wants the overflow TODO. Let me answer directly:\n${js('FINAL("src/a.ts:1")')}\nHmm, I should check instead.\n</think>\n\n${js('FINAL("src/util/math.ts:9")')}`,
    );
    expect(p.result.answer).toBe('src/util/math.ts:9');
    expect(p.cells()).toHaveLength(1);
  });

  it('vLLM / SGLang `reasoning_content` and Ollama `reasoning` stay apart from the text', async () => {
    for (const reasoningField of ['reasoning_content', 'reasoning'] as const) {
      const p = await play(() =>
        text(js('FINAL("done")'), { reasoning: `Let me think.\n${js('FINAL("from reasoning")')}`, reasoningField }),
      );
      expect(p.result.answer).toBe('done');
      expect(p.turnDetail(1)).toMatch(/^kept apart: reasoning field \(\d+ chars\), not read as code$/);
    }
  });

  it('a reasoning-only reply is asked again once, in the same turn', async () => {
    const p = await play((turn, request) => {
      if (turn === 1 && !request.messages.at(-1)!.content.includes(EMPTY_RETRY))
        return text('', { reasoning: 'I need to find the TODO. I will grep for it.' });
      return js('FINAL("src/index.ts:4")');
    });
    expect(p.result).toMatchObject({ answer: 'src/index.ts:4', status: 'done' });
    expect(p.root).toHaveLength(2);
    expect(p.fed(1)).toMatch(
      /\n\nYour last reply came back empty\. Reply with a ```js code block \(or FINAL\(answer\) once you know it\)\.$/,
    );
    expect(p.result.trace.filter((n) => n.kind === 'turn')).toHaveLength(1);
  });

  it('a reply still empty after the retry spends the turn with a specific message', async () => {
    const p = await play((turn) =>
      turn === 1 ? '<think>\nHmm. The question is about a TODO.\n</think>\n' : js('FINAL("src/index.ts:4")'),
    );
    expect(p.result.answer).toBe('src/index.ts:4');
    expect(p.root).toHaveLength(3);
    expect(p.fed(2)).toBe(EMPTY);
    expect(EMPTY).toContain('Your reply was empty (reasoning only, or nothing at all).');
  });

  it('llm() answers lose their <think> block; an empty sub-model reply is an error in the cell', async () => {
    const p = await play(
      (turn, request) => {
        if (turn === 1)
          return js(
            'const a = await llm("What does add do?", read("src/util/math.ts"));\nprint(a)\nconst b = await llm("And multiply?", read("src/util/math.ts"))',
          );
        return js(`FINAL(${JSON.stringify(request.messages.at(-1)!.content)})`);
      },
      (request) =>
        request.messages.at(-1)!.content.startsWith('What does add do?')
          ? '<think>\nadd returns a + b.\n</think>\n\nadd(a, b) returns their sum.'
          : text('', { reasoning: 'Multiply… I am not sure.' }),
    );
    expect(p.result.answer).toBe(
      'Question: Where is the TODO?\n\n[cell 1 output]\nadd(a, b) returns their sum.\n[cell 1 error] Error: llm(): the sub-model (sub-model) sent only reasoning, no answer. Ask again with a more specific prompt, or give it less text.',
    );
  });
});
