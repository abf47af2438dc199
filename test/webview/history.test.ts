// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { openPanel } from './support/fakeHost.js';

const byTestId = (root: HTMLElement, id: string) => root.querySelector(`[data-testid="${id}"]`);
const run = { id: 'old', question: 'Where is add?', startedMs: 0, status: 'done' as const, answer: 'In a.ts:1' };

describe('panel history', () => {
  it('names the workspace the history belongs to', () => {
    const { host, root } = openPanel();
    expect(byTestId(root, 'history-title')?.textContent).toBe('History');
    host.send({ type: 'history', runs: [run], workspace: 'basic' });
    expect(byTestId(root, 'history-title')?.textContent).toBe('History · basic');
  });

  it('shows why a past run has no tree instead of "No calls yet"', () => {
    const { host, root } = openPanel();
    host.send({ type: 'show-run', run, nodes: [], traceNote: 'The call tree was dropped to keep the history within its size bound.' });
    expect(byTestId(root, 'call-tree')?.textContent).toBe(' The call tree was dropped to keep the history within its size bound.');
    host.send({ type: 'show-run', run: { ...run, id: 'other' }, nodes: [] });
    expect(byTestId(root, 'call-tree')?.textContent).toBe('No calls yet.');
  });

  it('passes a question asked while a run goes on to the host, which refuses it with a message', () => {
    const { host, root } = openPanel();
    host.send({ type: 'run-started', run: { id: 'r', question: 'first', startedMs: 0, status: 'running' } });
    const box = byTestId(root, 'question') as HTMLTextAreaElement;
    box.value = 'second';
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(host.posted.at(-1)).toEqual({ type: 'ask', question: 'second' });
  });
});
