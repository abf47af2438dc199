import { describe, expect, it } from 'vitest';
import { QuestionHistory } from '../../src/vscode/runs/questionHistory.js';
import { RunHistory } from '../../src/vscode/runs/runHistory.js';
import { summarize, type RunRecord } from '../../src/vscode/runs/runRecord.js';
import { InMemoryMemento } from './fakes.js';

const record = (n: number): RunRecord => ({
  id: `run-${n}`,
  question: `q${n}`,
  startedMs: n,
  status: 'done',
  answer: `a${n}`,
  model: 'm',
  roots: [{ path: '/w', name: 'w' }],
  trace: [{ id: 'n1', depth: 0, kind: 'rlm', label: 'root', startMs: 0, status: 'ok' }],
});

describe('RunHistory', () => {
  it('keeps the newest runs first, at most maxRuns, and trees only for the newest maxTraces', async () => {
    const history = new RunHistory(new InMemoryMemento(), { maxRuns: 3, maxTraces: 1 });
    for (let n = 1; n <= 5; n++) await history.add(record(n));
    const runs = history.list();
    expect(runs.map((r) => r.id)).toEqual(['run-5', 'run-4', 'run-3']);
    expect(runs.map((r) => r.trace !== undefined)).toEqual([true, false, false]);
    expect(history.get('run-4')?.answer).toBe('a4');
  });

  it('replaces a run added again and ignores garbage in storage', async () => {
    const memento = new InMemoryMemento();
    const history = new RunHistory(memento);
    await history.add(record(1));
    await history.add({ ...record(1), answer: 'better' });
    expect(history.list()).toHaveLength(1);
    expect(history.get('run-1')?.answer).toBe('better');
    await memento.update('rlm.history', [{ nope: true }, record(2)]);
    expect(history.list().map((r) => r.id)).toEqual(['run-2']);
  });

  it('loads entries stored before runs had a typed outcome: error is failed, the partial flag is gone', async () => {
    const memento = new InMemoryMemento();
    const old = record(1);
    delete old.trace;
    await memento.update('rlm.history', [
      { ...old, id: 'failed-run', status: 'error', answer: '', partial: true, reason: 'The isolated-vm sandbox could not start' },
      { ...old, id: 'limited-run', status: 'partial', partial: true, reason: 'the turn limit (20 turns) is reached' },
      { ...old, id: 'odd-run', status: 'exploded' },
    ]);
    const history = new RunHistory(memento);
    expect(history.list().map((r) => [r.id, r.status])).toEqual([
      ['failed-run', 'failed'],
      ['limited-run', 'partial'],
    ]);
    expect(history.get('failed-run')).toEqual({
      ...old,
      id: 'failed-run',
      status: 'failed',
      answer: '',
      reason: 'The isolated-vm sandbox could not start',
    });
  });

  it('summaries for the panel leave out the tree, the model and the roots', () => {
    expect(summarize(record(1))).toEqual({ id: 'run-1', question: 'q1', startedMs: 1, status: 'done', answer: 'a1' });
    const citations = [{ path: 'a.ts', line: 1, status: 'missing' as const }];
    expect(summarize({ ...record(1), citations })).toMatchObject({ id: 'run-1', citations });
  });
});

describe('QuestionHistory', () => {
  it('offers recent questions newest first, without duplicates, bounded', async () => {
    const questions = new QuestionHistory(new InMemoryMemento(), 2);
    await questions.add('a');
    await questions.add('b');
    await questions.add(' a ');
    await questions.add('');
    expect(questions.list()).toEqual(['a', 'b']);
    await questions.add('c');
    expect(questions.list()).toEqual(['c', 'a']);
  });
});
