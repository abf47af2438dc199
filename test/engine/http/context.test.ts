// The bounded root context over HTTP: whatever the model prints, every root prompt stays under
// the budget derived from the model's window; one reply's cells share one cap; a context-length
// error from the server (in its real status and body) is recovered by compaction and one retry;
// an llm() input over the sub-model's window is refused before anything is sent.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONTEXT_WINDOW_TOKENS, promptBudgetChars } from '../../../src/engine/context/window.js';
import { makeWorkspace, type TestWorkspace } from '../../fixtures/makeWorkspace.js';
import { text, type Reply, type ServedRequest } from '../../support/scriptedModelServer.js';
import { js, kindOf, lastUser, startHarness, turnOf } from './harness.js';

let ws: TestWorkspace;
beforeAll(() => (ws = makeWorkspace('basic')));
afterAll(() => ws.cleanup());
let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

const promptChars = (r: ServedRequest) => r.messages.reduce((n, m) => n + m.content.length, 0);
const roots = (requests: readonly ServedRequest[]) => requests.filter((r) => kindOf(r) === 'root');

/** Turn t keeps 30,000 characters in `chunk<t>` and prints all of it; the last turn answers from the variables. */
const PRINT_CHARS = 30_000;
const probe = (turn: number) =>
  `const chunk${turn} = Array.from({length: 600}, (_, i) => "turn ${turn} line " + String(i).padStart(5, "0") + " " + "x".repeat(80)).join("\\n").slice(0, ${PRINT_CHARS});\nprint(chunk${turn})`;
const answerFrom = (turns: number) =>
  `const all = [${Array.from({ length: turns }, (_, i) => `chunk${i + 1}`).join(', ')}];\nFINAL(all.length + " chunks, " + all.reduce((n, c) => n + c.length, 0) + " characters")`;
const longRun = (turns: number) => (r: ServedRequest) => js(turnOf(r) <= turns ? probe(turnOf(r)) : answerFrom(turns));

describe('the root context over HTTP', () => {
  it('20 turns of 30k-character prints: every root prompt stays under its budget, the answer is unchanged', async () => {
    const h = await startHarness(ws, longRun(19));
    close = h.close;
    const result = await h.run();

    expect(result).toMatchObject({ answer: `19 chunks, ${19 * PRINT_CHARS} characters`, status: 'done' });
    const requests = roots(h.server.requests);
    expect(requests).toHaveLength(20);
    const budget = promptBudgetChars(DEFAULT_CONTEXT_WINDOW_TOKENS);
    for (const r of requests) expect(promptChars(r)).toBeLessThanOrEqual(budget);
    // The bench's goal: the largest root prompt ≤ 20k tokens (characters / 4).
    expect(Math.max(...requests.map(promptChars)) / 4).toBeLessThanOrEqual(20_000);

    const last = requests[19]!;
    // Every turn is still there, as its code; the latest output is verbatim, older ones digested.
    expect(last.messages.filter((m) => m.role === 'assistant')).toHaveLength(19);
    expect(last.messages[2]).toEqual({ role: 'assistant', content: js(probe(1)) });
    expect(last.messages[3]!.content).toBe(
      [
        '[cell 1 output] (compacted: 20,104 characters in 205 lines; the first lines were:)',
        `turn 1 line 00000 ${'x'.repeat(80)}`,
        `turn 1 line 00001 ${'x'.repeat(80)}`,
        `turn 1 line 00002 ${'x'.repeat(80)}`,
        '… [not shown any more: the data is in `chunk1`: print a slice of it if you need it again]',
      ].join('\n'),
    );
    const latest = lastUser(last);
    expect(latest.startsWith('Question: Where is the TODO?\n\n[cell 1 output]\nturn 19 line 00000')).toBe(true);
    expect(latest).toContain('[output cut: ');
    // The trace says what was compacted.
    const call = result.trace.find((n) => n.label === 'root model, turn 20');
    expect(call?.detail).toMatch(
      /^context: prompt [\d,]+ chars ≈ [\d,]+ tokens \(budget 91,748 chars\); turns 1–18 compacted to code \+ digest; [\d,]+ chars saved$/,
    );
  });

  it('a window the server reports in /v1/models (vLLM max_model_len) bounds every root prompt', async () => {
    const h = await startHarness(ws, (_r, { callIndex }) => js(callIndex < 6 ? probe(callIndex + 1) : answerFrom(6)), {
      models: [{ id: 'root-model', owned_by: 'vllm', max_model_len: 6_000 }],
    });
    close = h.close;
    const result = await h.run();

    expect(result).toMatchObject({ answer: `6 chunks, ${6 * PRINT_CHARS} characters`, status: 'done' });
    const budget = promptBudgetChars(6_000);
    const requests = roots(h.server.requests);
    expect(requests).toHaveLength(7);
    for (const r of requests) expect(promptChars(r)).toBeLessThanOrEqual(budget);
    expect(h.server.listings).toBe(2); // once for the root model and once for the sub-model, for the whole run
  });

  it('a small window: the prompt stays under a budget derived from it, the oldest turns are left out', async () => {
    // Left-out turns leave no assistant message to count: the turn is the request's index.
    const h = await startHarness(ws, (_r, { callIndex }) => js(callIndex < 18 ? probe(callIndex + 1) : answerFrom(18)));
    close = h.close;
    const result = await h.run({ rootWindow: 4_000 });

    expect(result).toMatchObject({ answer: `18 chunks, ${18 * PRINT_CHARS} characters`, status: 'done' });
    const budget = promptBudgetChars(4_000);
    const requests = roots(h.server.requests);
    for (const r of requests) expect(promptChars(r)).toBeLessThanOrEqual(budget);
    const last = requests.at(-1)!;
    expect(
      last.messages.some((m) =>
        /^\[turns 1–\d+ are left out to fit the context window; what they defined is still in the sandbox\]/.test(m.content),
      ),
    ).toBe(true);
  });

  it('the best answer at a limit is asked over the same bounded history', async () => {
    const h = await startHarness(ws, (r) => (lastUser(r).startsWith('Stop exploring: ') ? 'Best guess: 4 chunks.' : js(probe(turnOf(r)))));
    close = h.close;
    const result = await h.run({ rootWindow: 8_000, budgets: { maxIterations: 4 } });

    expect(result).toMatchObject({ answer: 'Best guess: 4 chunks.', status: 'partial', reason: 'the turn limit (4 turns) is reached' });
    const ask = roots(h.server.requests).at(-1)!;
    expect(promptChars(ask)).toBeLessThanOrEqual(promptBudgetChars(8_000));
    expect(ask.messages.filter((m) => m.role === 'assistant')).toHaveLength(4);
    expect(ask.messages[3]!.content).toMatch(/^\[cell 1 output\] \(compacted: /);
    expect(ask.messages.at(-2)!.content).toMatch(/^Question: Where is the TODO\?\n\n\[cell 1 output\]\nturn 4 line 00000/);
    expect(ask.messages.at(-1)!.content).toMatch(/^Stop exploring: the turn limit \(4 turns\) is reached\./);
    expect(result.trace.find((n) => n.label === 'best answer (limit reached)')?.detail).toMatch(
      /^context: .*turns 1–3 compacted to code \+ digest/,
    );
  });

  it('five 5 MB prints in one reply: the cells together stay under the per-turn cap', async () => {
    const fiveMb = (i: number) => js(`const big${i} = "cell ${i} ".padEnd(5_000_000, "y");\nprint(big${i})`);
    const h = await startHarness(ws, (r) =>
      turnOf(r) === 1 ? [1, 2, 3, 4, 5].map(fiveMb).join('\n\n') : js('FINAL(String(big1.length + big5.length))'),
    );
    close = h.close;
    const result = await h.run();

    expect(result).toMatchObject({ answer: '10000000', status: 'done' });
    const feedback = lastUser(roots(h.server.requests)[1]!);
    const question = 'Question: Where is the TODO?\n\n';
    expect(feedback.startsWith(question)).toBe(true);
    // 24,000: the per-turn cap for the default window (and under 30% of its budget).
    expect(feedback.length - question.length).toBeLessThanOrEqual(24_000);
    for (const i of [1, 2, 3, 4, 5]) expect(feedback).toContain(`[cell ${i} output]\ncell ${i} yyy`);
    expect(
      feedback.match(
        /\[turn output cut: [\d,]+ characters not shown; all cells of one reply send back at most 24,000 characters together/g,
      ),
    ).toHaveLength(5);
  });

  // Each server's own status and body when the prompt is over the window (6,000 tokens here).
  const tooLong: Array<[string, Reply]> = [
    [
      'OpenAI (400, code context_length_exceeded)',
      {
        kind: 'error',
        status: 400,
        body: {
          error: {
            message:
              "This model's maximum context length is 6000 tokens. However, your messages resulted in 9120 tokens. Please reduce the length of the messages.",
            type: 'invalid_request_error',
            param: 'messages',
            code: 'context_length_exceeded',
          },
        },
      },
    ],
    [
      'vLLM (400, BadRequestError)',
      {
        kind: 'error',
        status: 400,
        body: {
          error: {
            message:
              "This model's maximum context length is 6000 tokens. However, you requested 9120 tokens (8120 in the messages, 1000 in the completion). Please reduce the length of the messages or completion.",
            type: 'BadRequestError',
            param: null,
            code: 400,
          },
        },
      },
    ],
    [
      'LM Studio (400, the error as a string)',
      {
        kind: 'error',
        status: 400,
        body: {
          error:
            'Trying to keep the first 9120 tokens when context the overflows. However, the model is loaded with context length of only 6000 tokens, which is not enough. Try to load the model with a larger context length, or provide a shorter input',
        },
      },
    ],
    [
      'SGLang (400, a flat body, as vLLM before 0.10 too)',
      {
        kind: 'error',
        status: 400,
        body: {
          object: 'error',
          message: "The input (9120 tokens) is longer than the model's context length (6000 tokens).",
          type: 'BadRequestError',
          param: null,
          code: 400,
        },
      },
    ],
    [
      'Ollama (400, truncate: false)',
      {
        kind: 'error',
        status: 400,
        body: { error: { message: 'the input length exceeds the context length', type: 'invalid_request_error', param: null, code: null } },
      },
    ],
  ];

  it.each(tooLong)('a context-length error from %s is recovered by compaction and one retry', async (_server, error) => {
    // A server with a 6,000-token window whose tokenizer counts 3 characters a token — denser
    // than the engine's estimate, so a prompt the engine thinks fits does not.
    const fits = (r: ServedRequest) => promptChars(r) / 3 <= 6_000;
    const h = await startHarness(ws, (r) => {
      if (!fits(r)) return error;
      return turnOf(r) <= 3 ? js(probe(turnOf(r))) : js(answerFrom(3));
    });
    close = h.close;
    // Configured as 16,000 tokens: more than twice what the server really has.
    const result = await h.run({ rootWindow: 16_000 });

    expect(result).toMatchObject({ answer: `3 chunks, ${3 * PRINT_CHARS} characters`, status: 'done' });
    const requests = roots(h.server.requests);
    const refused = requests.filter((r) => !fits(r));
    expect(refused).toHaveLength(1);
    const retry = requests[requests.indexOf(refused[0]!) + 1]!;
    expect(fits(retry)).toBe(true);
    expect(turnOf(retry)).toBe(turnOf(refused[0]!));
    const nodes = result.trace.filter((n) => n.kind === 'llm' && n.label.startsWith(`root model, turn ${turnOf(retry)}`));
    expect(nodes.map((n) => [n.label, n.status])).toEqual([
      [`root model, turn ${turnOf(retry)}`, 'error'],
      [`root model, turn ${turnOf(retry)}, retried after compaction`, 'ok'],
    ]);
    expect(nodes[0]!.detail).toMatch(/^The prompt is longer than root-model's context window/);
  });

  it('a tokenizer denser than the estimate, as the usage the server reports shows, shrinks the budget before the server refuses', async () => {
    // The server counts 2.5 characters a token and reports it; its window is the configured one.
    const tokens = (r: ServedRequest) => Math.ceil(promptChars(r) / 2.5);
    const h = await startHarness(ws, (r) => {
      if (tokens(r) > 8_000)
        return {
          kind: 'error',
          status: 400,
          body: {
            error: {
              message: `This model's maximum context length is 8000 tokens. However, your messages resulted in ${tokens(r)} tokens.`,
              type: 'invalid_request_error',
              param: 'messages',
              code: 'context_length_exceeded',
            },
          },
        };
      const reply = turnOf(r) <= 18 ? js(probe(turnOf(r))) : js(answerFrom(18));
      return text(reply, { usage: { inputTokens: tokens(r), outputTokens: 100 } });
    });
    close = h.close;
    const result = await h.run({ rootWindow: 8_000 });

    expect(result).toMatchObject({ answer: `18 chunks, ${18 * PRINT_CHARS} characters`, status: 'done' });
    const requests = roots(h.server.requests);
    expect(requests).toHaveLength(19); // not one refused
    expect(Math.max(...requests.map(tokens))).toBeLessThanOrEqual(8_000 * 0.7 + 100);
  });

  it('a second context-length error on the retry fails the run, with the findings so far, not a crash', async () => {
    const h = await startHarness(ws, (r) =>
      turnOf(r) === 1
        ? js('print("found src/util/math.ts:9")')
        : {
            kind: 'error',
            status: 400,
            body: {
              error: {
                message: "This model's maximum context length is 100 tokens.",
                type: 'invalid_request_error',
                param: 'messages',
                code: 'context_length_exceeded',
              },
            },
          },
    );
    close = h.close;
    const result = await h.run();

    expect(result.status).toBe('failed');
    expect(result.answer).toBe('');
    expect(result.failure).toMatchObject({ kind: 'context_length', status: 400 });
    expect(result.findings).toContain('found src/util/math.ts:9');
    expect(roots(h.server.requests)).toHaveLength(3); // turn 1, turn 2, its one retry
  });
});

describe('the sub-call window guard over HTTP', () => {
  it('a 2M-character llm() input is refused before anything is sent', async () => {
    const h = await startHarness(ws, (r) => {
      if (turnOf(r) === 1)
        return js('const text = "z".repeat(2_000_000);\ntry { await llm("Summarise this.", text) } catch (e) { print(e.message) }');
      return js(`FINAL(${JSON.stringify(lastUser(r))})`);
    });
    close = h.close;
    const result = await h.run({ subWindow: 128_000 });

    expect(h.server.requests.filter((r) => kindOf(r) === 'sub')).toHaveLength(0);
    expect(result.stats.subCalls).toBe(0);
    expect(result.answer).toContain(
      'llm(): the input is 2,000,209 characters (≈500,053 tokens), more than sub-model takes in one call (≈358,400 characters); it was not sent. Chunk it and use Promise.all: const parts = []; for (let i = 0; i < text.length; i += 286000) parts.push(text.slice(i, i + 286000)); const answers = await Promise.all(parts.map((p) => llm("…", p))); then combine the answers.',
    );
  });

  it('rlm() with a context over half the root window is refused too', async () => {
    const h = await startHarness(ws, (r) => {
      if (kindOf(r) === 'child') return js('FINAL("child ran")');
      if (turnOf(r) === 1)
        return js('try { print(await rlm("Check it.", {paths: ["src"], context: "q".repeat(400_000)})) } catch (e) { print(e.message) }');
      return js(`FINAL(${JSON.stringify(lastUser(r))})`);
    });
    close = h.close;
    const result = await h.run();

    expect(h.server.requests.filter((r) => kindOf(r) === 'child')).toHaveLength(0);
    expect(result.answer).toContain('rlm(): the input is 400,009 characters');
    expect(result.answer).toContain(
      'more than a sub-RLM on root-model can start with (≈45,874 characters); it was not sent. Give it {paths} to read instead, or chunk it and use Promise.all',
    );
  });
});
