// The run's totals agree with its call tree on every ending: a model call counts when it starts
// (failed and cancelled ones too), sub-calls are part of the calls, and a cell node is numbered
// as the output the model reads is headed.
import { describe, expect, it } from 'vitest';
import { callsText } from '../../src/common/runTotals.js';
import { ask, type AskOptions, type AskResult } from '../../src/engine/engine.js';
import { ModelError } from '../../src/llm/types.js';
import { js, lastUserMessage, type Script } from '../support/scriptedModel.js';
import { scriptedAskOptions } from './scriptedAsk.js';

const FILES = { 'a.ts': 'export const a = 1;\n', 'b.ts': 'export const b = 2;\n', 'c.ts': 'export const c = 3;\n' };

function run(root: Script, sub: Script, extra: Partial<AskOptions> = {}): Promise<AskResult> {
  return ask(scriptedAskOptions({ question: 'What do the files export?', files: FILES, name: 'w', root, sub }, extra));
}

const llmNodes = (result: AskResult) => result.trace.filter((n) => n.kind === 'llm').length;
const FAN_OUT = js(
  'const r = await Promise.all(["a.ts", "b.ts", "c.ts"].map((f) => llm("What does it export?", read(f))));\nFINAL(r.join())',
);

describe('totals that agree with the call tree', () => {
  it('after a cancel mid fan-out: the cancelled sub-calls are calls too', async () => {
    const controller = new AbortController();
    const result = await run(
      () => FAN_OUT,
      (_m, call) => {
        if (call === 1) return 'a = 1';
        // Cancel once all three are in flight (a cancel at the second raced the third's start).
        if (call === 3) setTimeout(() => controller.abort(), 0);
        return new Promise<string>((_, reject) =>
          controller.signal.addEventListener('abort', () => reject(new ModelError('cancelled', 'cancelled'))),
        );
      },
      { signal: controller.signal },
    );
    expect(result.status).toBe('cancelled');
    expect(result.stats).toMatchObject({ calls: 4, subCalls: 3 });
    expect(llmNodes(result)).toBe(result.stats.calls);
    expect(callsText(result.stats)).toBe('4 calls (0 cached, 3 sub-calls)');
  });

  it('a failed call counts: the run that never got an answer made one call', async () => {
    const result = await run(
      () => {
        throw new ModelError('auth', 'http://h/v1 refused the API key (401): Bad key.', { status: 401 });
      },
      () => 'unused',
    );
    expect(result.status).toBe('failed');
    expect(result.stats).toMatchObject({ calls: 1, subCalls: 0 });
    expect(llmNodes(result)).toBe(1);
  });

  it('a finished fan-out: one root call and three sub-calls are four calls', async () => {
    const result = await run(
      () => FAN_OUT,
      () => 'an export',
    );
    expect(result.status).toBe('done');
    expect(callsText(result.stats)).toBe('4 calls (0 cached, 3 sub-calls)');
    expect(llmNodes(result)).toBe(4);
  });

  it('a cell node is numbered as its output is headed for the model', async () => {
    const root: Script = (messages, call) => {
      if (call === 1) return js('print("first")');
      if (call === 2) return `${js('print("second")')}\n${js('print("third")')}`;
      return js(
        `FINAL(${JSON.stringify(
          lastUserMessage(messages)
            .match(/\[cell \d+ output\]/g)
            ?.join(' ') ?? '',
        )})`,
      );
    };
    const result = await run(root, () => 'unused');
    expect(result.answer).toBe('[cell 1 output] [cell 2 output]');
    const turn2 = result.trace.find((n) => n.kind === 'turn' && n.label === 'turn 2')!;
    const cells = result.trace.filter((n) => n.kind === 'cell' && n.parentId === turn2.id);
    expect(cells.map((c) => c.label)).toEqual(['cell 1', 'cell 2']);
    expect(cells.map((c) => /\[cell \d+ output\]/.exec(c.detail ?? '')?.[0])).toEqual(['[cell 1 output]', '[cell 2 output]']);
  });
});
