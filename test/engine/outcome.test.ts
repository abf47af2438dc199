// How a run ends, decided once by the engine: done, partial, cancelled or failed, with a
// reason — over scripted models, a real sandbox (quickjs) and an in-memory workspace. (Model
// failures over HTTP: test/engine/http/faults.test.ts.)
import { describe, expect, it } from 'vitest';
import { ask, type AskOptions, type AskResult } from '../../src/engine/engine.js';
import { ModelError, type ChatMessage } from '../../src/llm/types.js';
import { js, lastUserMessage, type Script } from '../support/scriptedModel.js';
import { scriptedAskOptions } from './scriptedAsk.js';

const FILES = {
  'src/index.ts': '// TODO: accept a list of names\nexport function greet(name: string): string {\n  return `Hello, ${name}`;\n}\n',
  'src/util/math.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
};

const isChild = (messages: readonly ChatMessage[]) => messages[0]?.content.includes('You are a sub-RLM');
const bestAnswerAsked = (messages: readonly ChatMessage[]) => lastUserMessage(messages).startsWith('Stop exploring');

function run(root: Script, extra: Partial<AskOptions> = {}): Promise<AskResult> {
  return ask(scriptedAskOptions({ question: 'Where is the TODO?', files: FILES, name: 'basic', root }, extra));
}

const rootNode = (result: AskResult) => result.trace.find((n) => n.kind === 'rlm' && n.depth === 0);
const nothingRunning = (result: AskResult) => result.trace.every((n) => n.status !== 'running' && n.endMs !== undefined);

describe('the outcome of a run', () => {
  it('done: the model gave its final answer; no reason', async () => {
    const result = await run(() => js('FINAL("At src/index.ts:4")'));
    expect(result.status).toBe('done');
    expect(result.reason).toBeUndefined();
    expect(rootNode(result)).toMatchObject({ status: 'ok' });
  });

  it('partial: a limit ended the run and the model gave its best answer', async () => {
    const result = await run((messages) => (bestAnswerAsked(messages) ? 'Probably src/index.ts:4.' : js('print("probing")')), {
      budgets: { maxIterations: 2 },
    });
    expect(result).toMatchObject({ status: 'partial', reason: 'the turn limit (2 turns) is reached', answer: 'Probably src/index.ts:4.' });
    expect(rootNode(result)).toMatchObject({ status: 'error' });
  });

  it('cancelled: stopped mid-run, with what was found', async () => {
    const controller = new AbortController();
    const result = await run(
      (_m, call) => {
        if (call === 1) return js('print("found: src/index.ts")');
        controller.abort();
        return js('FINAL("too late")');
      },
      { signal: controller.signal },
    );
    expect(result).toMatchObject({ status: 'cancelled', reason: 'cancelled' });
    expect(result.answer).toBe('Cancelled before a final answer.');
    expect(result.findings).toContain('found: src/index.ts');
    expect(rootNode(result)).toMatchObject({ status: 'cancelled' });
    expect(nothingRunning(result)).toBe(true);
  });

  it('cancelled: stopped while the best answer was being written, even though it arrived', async () => {
    const controller = new AbortController();
    const result = await run(
      (messages) => {
        if (!bestAnswerAsked(messages)) return js('print("probing")');
        controller.abort();
        return 'Probably src/index.ts:4.';
      },
      { budgets: { maxIterations: 1 }, signal: controller.signal },
    );
    expect(result).toMatchObject({ status: 'cancelled', reason: 'cancelled', answer: 'Probably src/index.ts:4.' });
  });

  it('failed: the root model refused the first call, so there is no answer to give', async () => {
    const result = await run(() => {
      throw new ModelError('auth', 'http://127.0.0.1:9/v1 refused the API key (401): Incorrect API key provided.', { status: 401 });
    });
    expect(result).toMatchObject({
      status: 'failed',
      reason: 'the model failed: http://127.0.0.1:9/v1 refused the API key (401): Incorrect API key provided.',
    });
    // Said once, typed for the surfaces: no answer, and the root node does not repeat it.
    expect(result.answer).toBe('');
    expect(result.failure).toEqual({
      kind: 'auth',
      message: 'http://127.0.0.1:9/v1 refused the API key (401): Incorrect API key provided.',
      status: 401,
    });
    expect(rootNode(result)).toMatchObject({ status: 'error' });
    expect(rootNode(result)?.detail).not.toContain('refused');
    expect(nothingRunning(result)).toBe(true);
  });

  it('failed: the sandbox could not start; the run ends with the reason instead of throwing', async () => {
    const result = await run(() => js('FINAL("never")'), {
      createSandbox: () => Promise.reject(new Error('The quickjs sandbox could not start: no WebAssembly.')),
    });
    expect(result).toMatchObject({
      status: 'failed',
      reason: 'The quickjs sandbox could not start: no WebAssembly.',
      answer: '',
      failure: { kind: 'internal', message: 'The quickjs sandbox could not start: no WebAssembly.' },
    });
    expect(rootNode(result)).toMatchObject({ status: 'error' });
    expect(nothingRunning(result)).toBe(true);
  });

  it('a child RLM that fails does not decide the run: the root still answers, done', async () => {
    const result = await run((messages) => {
      if (isChild(messages)) throw new ModelError('server', 'http://127.0.0.1:9/v1 failed (500): Internal trouble.', { status: 500 });
      return js('FINAL("child said: " + await rlm("Look in util", {paths: ["src/util"]}))');
    });
    expect(result.status).toBe('done');
    expect(result.answer).toBe('child said: (the sub-RLM failed: the model failed: http://127.0.0.1:9/v1 failed (500): Internal trouble.)');
    expect(result.trace.filter((n) => n.kind === 'rlm').map((n) => n.status)).toEqual(['ok', 'error']);
  });
});
