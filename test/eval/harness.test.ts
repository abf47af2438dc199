// The answer-quality harness against the scripted OpenAI-compatible server: a policy that knows
// the answers must score 100% for both the RLM and the baseline, one that picks wrong letters
// 0%, and the printed table and summary keep their shape.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpError, startScriptedModelServer, type Policy, type ServedRequest } from '../support/scriptedModelServer.js';
import { BUILTIN_DATASET, DatasetError, extractLetter, LETTERS, loadDataset, type EvalQuestion, type Letter } from './dataset.js';
import { runEval, type EvalOptions } from './harness.js';

const questions = loadDataset(BUILTIN_DATASET);
let tmp: string;
beforeAll(() => (tmp = mkdtempSync(join(tmpdir(), 'rlm-eval-'))));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const isRlmRoot = (r: ServedRequest) => r.messages[0]?.role === 'system' && r.messages[0].content.includes('sandboxed REPL');
const questionOf = (r: ServedRequest): EvalQuestion | undefined =>
  questions.find((q) => r.messages.some((m) => m.content.includes(q.question)));

/** Answers every question with `pick(question)`: the RLM root FINALs it in code, the baseline states it. */
function answering(pick: (q: EvalQuestion) => Letter): Policy {
  return (request) => {
    const q = questionOf(request);
    if (!q) return httpError(400, 'the scripted policy does not know this question');
    return isRlmRoot(request)
      ? `Looking it up.\n\`\`\`js\nFINAL(${JSON.stringify(pick(q))})\n\`\`\``
      : `The correct answer is (${pick(q)}).`;
  };
}
const wrong = (q: EvalQuestion): Letter => LETTERS[(LETTERS.indexOf(q.answer) + 1) % LETTERS.length];

async function evaluate(policy: Policy, model: string, extra: Partial<EvalOptions> = {}) {
  const server = await startScriptedModelServer(policy);
  const lines: string[] = [];
  try {
    const report = await runEval({
      baseUrl: server.baseURL,
      model,
      env: {},
      symbolCacheDir: join(tmp, 'symbols'),
      write: (l) => lines.push(l),
      ...extra,
    });
    return { report, lines, requests: server.requests };
  } finally {
    await server.close();
  }
}

const ROW =
  /^\| (\d+) \| ([\w-]+) \| ([A-D]) \| ([A-D—]) ([✓✗]) \| ([\d,]+) \| (\$\d+\.\d{4}|unknown) \| ([A-D—]) ([✓✗]) \| ([\d,]+) \| (\$\d+\.\d{4}|unknown) \|$/;
const SUMMARY =
  /^RLM: (\d+)\/(\d+) correct \((\d+\.\d)%\), ([\d,]+) tokens, cost (\$\d+\.\d{4}|unknown) · baseline: (\d+)\/(\d+) correct \((\d+\.\d)%\), ([\d,]+) tokens, cost (\$\d+\.\d{4}|unknown)$/;

describe('the answer-quality harness', () => {
  it('has a built-in set of at least 8 questions over the fixture repository', () => {
    expect(questions.length).toBeGreaterThanOrEqual(8);
    expect(new Set(questions.map((q) => q.repo)).size).toBe(1);
    expect(questions[0].repo).toMatch(/test[/\\]eval[/\\]fixture-repo$/);
  });

  it('scores 100% for the RLM and the baseline when the model answers right', async () => {
    const { report, lines, requests } = await evaluate(
      answering((q) => q.answer),
      'gpt-4.1-mini',
    );
    expect(report.rlm).toMatchObject({ correct: questions.length, total: questions.length, accuracy: 1 });
    expect(report.baseline).toMatchObject({ correct: questions.length, total: questions.length, accuracy: 1 });
    expect(report.rlm.tokens).toBeGreaterThan(0);
    expect(report.rlm.costUsd).toBeGreaterThan(0); // gpt-4.1-mini has a price
    expect(report.baseline.tokens).toBeGreaterThan(report.rlm.tokens / 10);

    const rows = lines.filter((l) => ROW.test(l));
    expect(rows).toHaveLength(questions.length);
    for (const [i, row] of rows.entries()) {
      const m = ROW.exec(row)!;
      expect(m.slice(1, 6)).toEqual([String(i + 1), questions[i].id, questions[i].answer, questions[i].answer, '✓']);
      expect([m[8], m[9]]).toEqual([questions[i].answer, '✓']);
      expect(m[7]).toMatch(/^\$/);
    }
    const summary = SUMMARY.exec(lines[lines.length - 1]);
    expect(summary?.slice(1, 4)).toEqual([String(questions.length), String(questions.length), '100.0']);
    expect(summary?.slice(6, 9)).toEqual([String(questions.length), String(questions.length), '100.0']);

    // The RLM's root sees the question, never the code; the baseline's one prompt holds the files.
    const roots = requests.filter(isRlmRoot);
    const direct = requests.filter((r) => !isRlmRoot(r));
    expect(roots).toHaveLength(questions.length);
    expect(direct).toHaveLength(questions.length);
    expect(roots[0].messages[1].content).toContain('(B) check_stock in inventory/validation.py');
    expect(roots.some((r) => r.messages.some((m) => m.content.includes('def check_stock')))).toBe(false);
    expect(direct[0].messages[0].content).toContain('=== inventory/validation.py ===\n"""Checks run on every order');
    expect(report.results.every((r) => !r.baseline.truncated && r.baseline.contextFiles === r.baseline.totalFiles)).toBe(true);
  });

  it('scores 0% when the model picks wrong letters, and says the cost is unknown for an unpriced model', async () => {
    const { report, lines } = await evaluate(answering(wrong), 'scripted-model');
    expect(report.rlm).toMatchObject({ correct: 0, accuracy: 0 });
    expect(report.baseline).toMatchObject({ correct: 0, accuracy: 0 });
    expect(report.rlm.costUsd).toBeUndefined();
    const rows = lines.filter((l) => ROW.test(l));
    expect(rows).toHaveLength(questions.length);
    expect(rows.every((r) => (r.match(/✗/g) ?? []).length === 2 && r.includes('| unknown |'))).toBe(true);
    expect(lines[lines.length - 1]).toBe(
      `RLM: 0/${questions.length} correct (0.0%), ${report.rlm.tokens.toLocaleString('en-US')} tokens, cost unknown · baseline: 0/${questions.length} correct (0.0%), ${report.baseline.tokens.toLocaleString('en-US')} tokens, cost unknown`,
    );
  });

  it('cuts the baseline at --context-tokens and honours --limit', async () => {
    const { report, lines, requests } = await evaluate(
      answering((q) => q.answer),
      'scripted-model',
      { contextTokens: 2_000, limit: 2 },
    );
    expect(report.results).toHaveLength(2);
    const prompt = requests.find((r) => !isRlmRoot(r))!.messages[0].content;
    expect(prompt.length).toBeLessThanOrEqual((2_000 - 1024) * 4);
    expect(prompt).toContain('Which function raises OutOfStockError');
    expect(prompt).not.toContain('=== tests/test_pricing.py ===');
    expect(report.results.every((r) => r.baseline.truncated && r.baseline.contextFiles < r.baseline.totalFiles)).toBe(true);
    expect(lines.some((l) => l.startsWith("The baseline's repository did not fit in 2,000 tokens for 2 question(s)"))).toBe(true);
  });

  it('counts a model failure as wrong and reports it', async () => {
    const { report, lines } = await evaluate(() => httpError(401, 'bad key'), 'scripted-model', { limit: 1 });
    expect(report.rlm.correct + report.baseline.correct).toBe(0);
    expect(report.results[0].baseline.error).toMatch(/401|key/i);
    // The RLM arm's run failed (the engine's status), not merely partial.
    expect(report.results[0].rlm).toMatchObject({ partial: false, error: expect.stringMatching(/^the model failed: .*\(401\)/) });
    expect(lines.some((l) => l.includes('error ✗'))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${questions[0].id}: baseline failed:`))).toBe(true);
  });

  it('runs as `npm run eval` against the server', async () => {
    const server = await startScriptedModelServer(answering((q) => q.answer));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, RLM_MODEL: 'gpt-4.1-mini', RLM_CACHE_DIR: join(tmp, 'cli-cache') };
      for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'RLM_SUB_MODEL']) delete env[name];
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'test/eval/run.ts', '--limit', '2', '--base-url', server.baseURL],
        { env },
      );
      expect(stdout).toContain('RLM: root gpt-4.1-mini, sub gpt-4.1-mini');
      expect(stdout.trim().split('\n').pop()).toMatch(
        /^RLM: 2\/2 correct \(100\.0%\), [\d,]+ tokens, cost \$\d+\.\d{4} · baseline: 2\/2 correct \(100\.0%\)/,
      );
    } finally {
      await server.close();
    }
  });
});

describe('datasets and answers', () => {
  it('reads the letter a reply chose', () => {
    for (const [reply, letter] of [
      ['B', 'B'],
      ['(c)', undefined],
      ['(C)', 'C'],
      ['D.', 'D'],
      ['The correct answer is (A).', 'A'],
      ['**Answer: B**', 'B'],
      ['After reading pricing.py, the answer is C because the rate is 8.25%.', 'C'],
      ['B. check_stock in inventory/validation.py', 'B'],
      ['It calls validate_sku.\nD', 'D'],
      ['I cannot tell.', undefined],
      ['Either (A) or (B).', undefined],
    ] as const) {
      expect(extractLetter(reply), reply).toBe(letter);
    }
  });

  it('accepts LongBench field names and says what is wrong with a bad line', () => {
    const file = join(tmp, 'longbench.jsonl');
    const repo = join(__dirname, 'fixture-repo');
    writeFileSync(
      file,
      `${JSON.stringify({ _id: 'x1', repo, question: 'Q?', choice_A: 'a', choice_B: 'b', choice_C: 'c', choice_D: 'd', answer: 'c' })}\n\n`,
    );
    expect(loadDataset(file)).toEqual([{ id: 'x1', repo, question: 'Q?', choices: { A: 'a', B: 'b', C: 'c', D: 'd' }, answer: 'C' }]);
    writeFileSync(
      file,
      `${JSON.stringify({ id: 'x', repo: 'nowhere', question: 'Q?', choices: { A: 'a', B: 'b', C: 'c', D: 'd' }, answer: 'A' })}\n`,
    );
    expect(() => loadDataset(file)).toThrow(DatasetError);
    expect(() => loadDataset(file)).toThrow(/longbench\.jsonl:1: repository folder not found: .*nowhere/);
    writeFileSync(file, `${JSON.stringify({ id: 'x', repo, question: 'Q?', choices: { A: 'a', B: 'b', C: 'c' }, answer: 'A' })}\n`);
    expect(() => loadDataset(file)).toThrow(/:1: needs choices\.D/);
  });
});
