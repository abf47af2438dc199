import { describe, expect, it } from 'vitest';
import type { TraceNode } from '../../src/protocol/trace.js';
import { fitToBound, TREE_DROPPED_NOTE, type HistoryBound } from '../../src/vscode/runs/historyBound.js';
import { QuestionHistory } from '../../src/vscode/runs/questionHistory.js';
import { HISTORY_KEY, RunHistory, TREE_NOT_KEPT_NOTE } from '../../src/vscode/runs/runHistory.js';
import { summarize, type RunRecord } from '../../src/vscode/runs/runRecord.js';
import { InMemoryMemento } from './fakes.js';

const cell = (id: string, detail: string): TraceNode => ({
  id,
  parentId: 'n1',
  depth: 0,
  kind: 'cell',
  label: `cell ${id}`,
  startMs: 0,
  status: 'ok',
  detail,
});

const record = (n: number, detail = `print(ls(''))\n[output] src/ README.md`, root = '/w'): RunRecord => ({
  id: `run-${n}`,
  question: `q${n}`,
  startedMs: n,
  status: 'done',
  answer: `a${n}`,
  model: 'm',
  roots: [{ path: root, name: 'w' }],
  trace: [{ id: 'n1', depth: 0, kind: 'rlm', label: 'root', startMs: 0, status: 'ok' }, cell('c1', detail)],
});

const sizeOf = (runs: RunRecord[]): number => runs.reduce((total, r) => total + JSON.stringify(r).length + 1, 0);
const details = (r: RunRecord): Array<number | undefined> => (r.trace ?? []).map((n) => n.detail?.length);

describe('RunHistory', () => {
  it('keeps every entry’s tree after 12 runs, newest first, at most maxRuns entries', async () => {
    const history = new RunHistory(new InMemoryMemento(), { maxRuns: 10 });
    for (let n = 1; n <= 12; n++) await history.add(record(n));
    const runs = history.list();
    expect(runs.map((r) => r.id)).toEqual(['run-12', 'run-11', 'run-10', 'run-9', 'run-8', 'run-7', 'run-6', 'run-5', 'run-4', 'run-3']);
    expect(runs.every((r) => r.trace?.length === 2 && r.traceNote === undefined)).toBe(true);
    expect(history.get('run-3')?.trace).toEqual(record(3).trace);
  });

  it('replaces a run added again and ignores garbage in storage', async () => {
    const memento = new InMemoryMemento();
    const history = new RunHistory(memento);
    await history.add(record(1));
    await history.add({ ...record(1), answer: 'better' });
    expect(history.list()).toHaveLength(1);
    expect(history.get('run-1')?.answer).toBe('better');
    await memento.update(HISTORY_KEY, [{ nope: true }, record(2)]);
    expect(history.list().map((r) => r.id)).toEqual(['run-2']);
  });

  it('stays within its size bound as runs are added', async () => {
    const memento = new InMemoryMemento();
    const bound: HistoryBound = { maxChars: 20_000, cuts: [1_000, 100] };
    const history = new RunHistory(memento, { bound });
    for (let n = 1; n <= 12; n++) await history.add(record(n, 'x'.repeat(3_000)));
    expect(JSON.stringify(memento.get(HISTORY_KEY)).length).toBeLessThanOrEqual(bound.maxChars);
    expect(history.list()).toHaveLength(12);
    // The newest run is whole; the oldest gave way first.
    expect(details(history.list()[0])).toEqual([undefined, 3_000]);
    expect(history.list().at(-1)!.trace![1].detail!.length).toBeLessThan(3_000);
  });

  it('loads entries stored before runs had a typed outcome: error is failed, the partial flag is gone, a missing tree has a note', async () => {
    const memento = new InMemoryMemento();
    const old = record(1);
    delete old.trace;
    await memento.update(HISTORY_KEY, [
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
      traceNote: TREE_NOT_KEPT_NOTE,
    });
  });

  it('summaries for the panel leave out the tree, its note, the model and the roots', () => {
    expect(summarize({ ...record(1), traceNote: TREE_DROPPED_NOTE })).toEqual({
      id: 'run-1',
      question: 'q1',
      startedMs: 1,
      status: 'done',
      answer: 'a1',
    });
    const citations = [{ path: 'a.ts', line: 1, status: 'missing' as const }];
    expect(summarize({ ...record(1), citations })).toMatchObject({ id: 'run-1', citations });
  });
});

describe('fitToBound', () => {
  const runs = (count: number, detail: number): RunRecord[] =>
    Array.from({ length: count }, (_, i) => record(count - i, 'y'.repeat(detail))).map((r) => ({
      ...r,
      trace: [...r.trace!, cell('c2', 'z'.repeat(detail))],
    }));

  it('leaves a history within the bound as it is', () => {
    const input = runs(3, 500);
    expect(fitToBound(input, { maxChars: sizeOf(input), cuts: [100] })).toEqual(input);
  });

  it('cuts nodes’ long texts oldest entry first, and only as far as needed', () => {
    const input = runs(4, 5_000);
    // Room for everything but a little less than what cutting one entry's two texts saves.
    const fitted = fitToBound(input, { maxChars: sizeOf(input) - 7_000, cuts: [1_000, 100] });
    expect(fitted.map(details)).toEqual([
      [undefined, 5_000, 5_000],
      [undefined, 5_000, 5_000],
      [undefined, 5_000, 5_000],
      [undefined, expect.any(Number), expect.any(Number)],
    ]);
    const cut = fitted[3].trace![1].detail!;
    expect(cut.startsWith('y'.repeat(1_000))).toBe(true);
    expect(cut).toMatch(/\n… \(4000 more characters cut to keep the history small\)$/);
    expect(fitted.every((r) => r.traceNote === undefined)).toBe(true);
    // The input is not changed.
    expect(details(input[3])).toEqual([undefined, 5_000, 5_000]);
  });

  it('cuts every entry at each length before the next shorter one, counting from the original text', () => {
    const input = runs(3, 5_000);
    const oneCutAll = sizeOf(input) - 3 * 2 * 4_000;
    // Cutting the oldest entry's two texts to 100 saves 1,800 characters: enough.
    const fitted = fitToBound(input, { maxChars: oneCutAll - 1_000, cuts: [1_000, 100] });
    const lengths = fitted.map((r) => r.trace![1].detail!.match(/^y*/)![0].length);
    expect(lengths).toEqual([1_000, 1_000, 100]);
    expect(fitted[2].trace![1].detail).toMatch(/\(4900 more characters cut/);
  });

  it('drops whole trees only after cutting texts, oldest first, with a note in the entry', () => {
    const input = runs(3, 5_000);
    const [newestCut] = fitToBound([input[0]], { maxChars: sizeOf([input[0]]) - 1, cuts: [1_000] });
    const dropped = (r: RunRecord): RunRecord => {
      const rest = { ...r, traceNote: TREE_DROPPED_NOTE };
      delete rest.trace;
      return rest;
    };
    const fitted = fitToBound(input, { maxChars: sizeOf([newestCut, dropped(input[1]), dropped(input[2])]), cuts: [1_000] });
    expect(fitted.map((r) => r.id)).toEqual(['run-3', 'run-2', 'run-1']);
    expect(fitted.map((r) => r.trace === undefined)).toEqual([false, true, true]);
    expect(fitted.map((r) => r.traceNote)).toEqual([undefined, TREE_DROPPED_NOTE, TREE_DROPPED_NOTE]);
    // The newest keeps its tree, its texts cut.
    expect(fitted[0]).toEqual(newestCut);
    expect(fitted[0].trace![1].detail!.match(/^y*/)![0]).toHaveLength(1_000);
  });

  it('drops the oldest entries last of all, and always keeps the newest', () => {
    const input = runs(3, 5_000).map((r) => ({ ...r, answer: 'a'.repeat(10_000) }));
    const fitted = fitToBound(input, { maxChars: 15_000, cuts: [100] });
    expect(fitted.map((r) => r.id)).toEqual(['run-3']);
    expect(fitted[0].traceNote).toBe(TREE_DROPPED_NOTE);
    expect(fitToBound(input, { maxChars: 10, cuts: [] }).map((r) => r.id)).toEqual(['run-3']);
  });
});

describe('RunHistory per workspace', () => {
  it('keeps each workspace’s runs in its own state', async () => {
    const a = new RunHistory(new InMemoryMemento());
    const b = new RunHistory(new InMemoryMemento());
    await a.add(record(1));
    await b.add(record(2, 'print(1)', '/other'));
    expect(a.list().map((r) => r.id)).toEqual(['run-1']);
    expect(b.list().map((r) => r.id)).toEqual(['run-2']);
  });

  it('takes its own runs from the history older versions shared between windows, and leaves the others', async () => {
    const shared = new InMemoryMemento();
    const folderRun = { ...record(3, 'x', '/w/src/util'), scope: 'src/util' };
    const multiRoot = {
      ...record(4),
      roots: [
        { path: '/w', name: 'w' },
        { path: '/elsewhere', name: 'e' },
      ],
    };
    await shared.update(HISTORY_KEY, [multiRoot, folderRun, record(2, 'x', '/other'), record(1, 'x', '/w')]);
    const mine = new RunHistory(new InMemoryMemento());
    await mine.add(record(5));
    await mine.adoptShared(shared, ['/w']);
    expect(mine.list().map((r) => r.id)).toEqual(['run-5', 'run-3', 'run-1']);
    expect(new RunHistory(shared).list().map((r) => r.id)).toEqual(['run-4', 'run-2']);
    // Adopting again changes nothing; the last workspace to adopt empties the shared key.
    await mine.adoptShared(shared, ['/w']);
    expect(mine.list()).toHaveLength(3);
    const other = new RunHistory(new InMemoryMemento());
    await other.adoptShared(shared, ['/other', '/w', '/elsewhere']);
    expect(other.list().map((r) => r.id)).toEqual(['run-4', 'run-2']);
    expect(shared.values.has(HISTORY_KEY)).toBe(false);
  });
});

describe('QuestionHistory', () => {
  it('offers recent questions newest first, without duplicates, bounded', async () => {
    const questions = new QuestionHistory(new InMemoryMemento(), undefined, 2);
    await questions.add('a');
    await questions.add('b');
    await questions.add(' a ');
    await questions.add('');
    expect(questions.list()).toEqual(['a', 'b']);
    await questions.add('c');
    expect(questions.list()).toEqual(['c', 'a']);
  });

  it('keeps each workspace’s questions; the list older versions shared stands in until one is asked here', async () => {
    const shared = new InMemoryMemento();
    await shared.update('rlm.questions', ['asked anywhere']);
    const here = new QuestionHistory(new InMemoryMemento(), shared);
    const there = new QuestionHistory(new InMemoryMemento(), shared);
    expect(here.list()).toEqual(['asked anywhere']);
    await here.add('asked here');
    expect(here.list()).toEqual(['asked here', 'asked anywhere']);
    expect(there.list()).toEqual(['asked anywhere']);
    expect(shared.get('rlm.questions')).toEqual(['asked anywhere']);
  });
});
