// @vitest-environment happy-dom
// The panel's conversation controls: Ask follow-up (and Ctrl+Enter) sends the box's question as a
// follow-up of the shown run, Ask a new conversation; Re-run and Copy answer name the shown run;
// a follow-up says what it follows. Drawn by the real Panel with a named fake host.
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary, RunTotals } from '../../src/protocol/messages.js';
import type { PanelState } from '../../src/webview/panel.js';
import { FakeHost, openPanel } from './support/fakeHost.js';

const stats: RunTotals = {
  calls: 1,
  subCalls: 0,
  cacheHits: 0,
  inputTokens: 10,
  outputTokens: 5,
  costUsd: 0,
  costKnown: true,
  wallMs: 100,
  maxDepth: 0,
};

let host: FakeHost<PanelState>;
let root: HTMLElement;
const byTestId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;

function finish(run: RunSummary, answer: string, status: 'done' | 'failed' = 'done'): void {
  host.send({ type: 'run-started', run });
  host.send({ type: 'run-finished', runId: run.id, status, answer, stats });
}

function typeQuestion(text: string): HTMLTextAreaElement {
  const box = byTestId('question') as HTMLTextAreaElement;
  box.value = text;
  box.dispatchEvent(new Event('input'));
  return box;
}

beforeEach(() => {
  ({ host, root } = openPanel());
  host.posted.length = 0;
});

describe('follow-up controls', () => {
  it('appear once a run has an answer: Ask follow-up sends the box’s question as a follow-up of that run', () => {
    expect(byTestId('ask-follow-up').hidden).toBe(true);
    host.send({ type: 'run-started', run: { id: 'r1', question: 'Where is the config?', startedMs: 1, status: 'running' } });
    expect(byTestId('ask-follow-up').hidden).toBe(true);
    expect(byTestId('rerun').closest<HTMLElement>('.run-actions')!.hidden).toBe(true);
    host.send({ type: 'run-finished', runId: 'r1', status: 'done', answer: 'In src/config.ts:4', stats });

    expect(byTestId('ask-follow-up').hidden).toBe(false);
    typeQuestion('Who calls it?');
    byTestId('ask-follow-up').click();
    expect(host.posted).toEqual([{ type: 'ask', question: 'Who calls it?', followUpOf: 'r1' }]);
  });

  it('Ctrl+Enter asks a follow-up, Enter a new conversation', () => {
    finish({ id: 'r1', question: 'Where is the config?', startedMs: 1, status: 'running' }, 'In src/config.ts:4');
    const box = typeQuestion('Who calls it?');
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true }));
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    expect(host.posted).toEqual([
      { type: 'ask', question: 'Who calls it?', followUpOf: 'r1' },
      { type: 'ask', question: 'Who calls it?' },
    ]);
  });

  it('a failed run without an answer offers Re-run but no follow-up and nothing to copy', () => {
    finish({ id: 'r1', question: 'Where?', startedMs: 1, status: 'running' }, '', 'failed');
    expect(byTestId('ask-follow-up').hidden).toBe(true);
    expect((byTestId('copy-answer') as HTMLButtonElement).disabled).toBe(true);
    byTestId('rerun').click();
    expect(host.posted).toEqual([{ type: 'rerun', runId: 'r1' }]);
  });

  it('Copy answer asks the host to copy the shown run’s answer and says so', () => {
    finish({ id: 'r1', question: 'Where?', startedMs: 1, status: 'running' }, 'Here: src/a.ts:1');
    byTestId('copy-answer').click();
    expect(host.posted).toEqual([{ type: 'copy-answer', runId: 'r1' }]);
    expect(byTestId('copy-answer').textContent).toBe(' Copied');
  });

  it('a follow-up run names the question it follows', () => {
    finish({ id: 'r1', question: 'Where is the config?', startedMs: 1, status: 'running' }, 'In src/config.ts:4');
    host.send({ type: 'run-started', run: { id: 'r2', question: 'Who calls it?', followUpOf: 'r1', startedMs: 2, status: 'running' } });
    expect(byTestId('follow-up-of').hidden).toBe(false);
    expect(byTestId('follow-up-of').textContent).toBe(' Follow-up to “Where is the config?”');
    finish({ id: 'r3', question: 'Unrelated?', startedMs: 3, status: 'running' }, 'x');
    expect(byTestId('follow-up-of').hidden).toBe(true);
  });
});
