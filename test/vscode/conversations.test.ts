// Follow-ups in the extension's runs: a follow-up of the latest run of a conversation continues
// it (the REPL variable is there), a follow-up of any other run starts one seeded with that
// run's question and answer (its variables are gone, and the prompt says so); Re-run and the
// panel's follow-up keep the folders of the run they come from. Scripted models, a real sandbox.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/llm/types.js';
import type { Logger } from '../../src/vscode/log.js';
import { answerMarkdown, followUpFrom, rerunOf } from '../../src/vscode/panel/panelFollowUps.js';
import { parseWebviewMessage } from '../../src/vscode/panel/panelMessages.js';
import { MAX_OPEN_CONVERSATIONS } from '../../src/vscode/runs/conversations.js';
import { RunHistory } from '../../src/vscode/runs/runHistory.js';
import type { RunRecord } from '../../src/vscode/runs/runRecord.js';
import { RunService, type RunRequest } from '../../src/vscode/runs/runService.js';
import { readSettings } from '../../src/vscode/settings.js';
import { makeWorkspace, type TestWorkspace } from '../fixtures/makeWorkspace.js';
import { js, ScriptedModel } from '../support/scriptedModel.js';
import { InMemoryMemento } from './fakes.js';

class SilentLogger implements Logger {
  trace = () => {};
  debug = () => {};
  info = () => {};
  warn = () => {};
  error = () => {};
}

let ws: TestWorkspace;
let storageDir: string;
let runs: RunService;
beforeAll(() => {
  ws = makeWorkspace('basic');
  storageDir = mkdtempSync(join(tmpdir(), 'rlm-conv-'));
  runs = new RunService({ storageDir, history: new RunHistory(new InMemoryMemento()), log: new SilentLogger() });
});
afterAll(() => {
  runs.dispose();
  ws.cleanup();
  rmSync(storageDir, { recursive: true, force: true });
});

const openings: string[] = [];
/** Sets `found` when asked to find; a follow-up FINALs what `found` holds now (or the error). */
function script(messages: readonly ChatMessage[]): string {
  const opening = messages.find((m) => m.role === 'user')!.content;
  if (messages.filter((m) => m.role === 'assistant').length === 0) openings.push(opening);
  if (opening.startsWith('Question: Find the util files'))
    return js('const found = glob("src/util/*.ts");\nFINAL(`found ${found.length}`)');
  return js('FINAL(typeof found === "undefined" ? "found is gone" : `still ${found.length}`)');
}

const request = (question: string, extra: Partial<RunRequest> = {}): RunRequest => ({
  question,
  roots: [{ path: ws.root, name: 'basic' }],
  settings: { ...readSettings({ get: () => undefined }), sandboxEngine: 'quickjs', cache: false },
  models: { root: new ScriptedModel('root-model', script), sub: new ScriptedModel('sub-model', () => 'x'), price: () => undefined },
  ...extra,
});
const previousOf = (record: RunRecord) => ({ runId: record.id, question: record.question, answer: record.answer });

describe('follow-ups in the extension', () => {
  it('continues the latest run’s conversation; a follow-up of an older run is seeded and told its variables are gone', async () => {
    const first = await runs.run(request('Find the util files'));
    expect(first.answer).toBe('found 2');
    const second = await runs.run(request('How many now?', { previous: previousOf(first) }));
    expect(second).toMatchObject({ answer: 'still 2', followUpOf: first.id });
    expect(openings.at(-1)).toContain('- found: array of 2');

    // `first` is no longer the latest of its conversation: a branch starts afresh, with its answer.
    const branch = await runs.run(request('And again?', { previous: previousOf(first) }));
    expect(branch.answer).toBe('found is gone');
    expect(openings.at(-1)).toContain('Question: Find the util files\nAnswer: found 2');
    expect(openings.at(-1)).toContain('Variables from earlier questions are gone: the REPL of that question is no longer open');

    // A question without `previous` is a new conversation.
    const fresh = await runs.run(request('Is it there?'));
    expect(fresh.answer).toBe('found is gone');
    expect(openings.at(-1)).toMatch(/^Question: Is it there\?/);
    expect(runs.conversations.size).toBeLessThanOrEqual(MAX_OPEN_CONVERSATIONS);
  });

  it('the panel: a follow-up and a re-run keep the folders and scope of their run; Copy answer adds the findings', () => {
    const base = { startedMs: 1, model: 'm', status: 'done' as const };
    const records: RunRecord[] = [
      { ...base, id: 'a', question: 'Where?', answer: 'Here', scope: 'util', roots: [{ path: '/w/src/util', name: 'util' }] },
      { ...base, id: 'b', question: 'Why?', answer: 'Because', followUpOf: 'a', roots: [{ path: '/w/src/util', name: 'util' }] },
    ];
    const history = { get: (id: string) => records.find((r) => r.id === id) };
    expect(followUpFrom(history, 'a')).toEqual({
      roots: [{ path: '/w/src/util', name: 'util' }],
      scope: 'util',
      previous: { runId: 'a', question: 'Where?', answer: 'Here', status: 'done' },
    });
    expect(rerunOf(history, 'b')).toEqual({
      question: 'Why?',
      from: {
        roots: [{ path: '/w/src/util', name: 'util' }],
        previous: { runId: 'a', question: 'Where?', answer: 'Here', status: 'done' },
      },
    });
    expect(rerunOf(history, 'a')?.from.previous).toBeUndefined();
    expect(followUpFrom(history, 'gone')).toBeUndefined();
    expect(answerMarkdown({ ...records[0]!, status: 'partial', findings: '### Turn 1\nread a.ts' })).toBe(
      'Here\n\n---\n\n### Turn 1\nread a.ts',
    );
  });

  it('the webview’s follow-up, re-run and copy messages are checked before use', () => {
    expect(parseWebviewMessage({ type: 'ask', question: 'why?', followUpOf: 'r1' })).toEqual({
      type: 'ask',
      question: 'why?',
      followUpOf: 'r1',
    });
    expect(parseWebviewMessage({ type: 'ask', question: 'why?', followUpOf: 7 })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'rerun', runId: 'r1' })).toEqual({ type: 'rerun', runId: 'r1' });
    expect(parseWebviewMessage({ type: 'copy-answer', runId: 'r1' })).toEqual({ type: 'copy-answer', runId: 'r1' });
    expect(parseWebviewMessage({ type: 'copy-answer' })).toBeUndefined();
  });
});
