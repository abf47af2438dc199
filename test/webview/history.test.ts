// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { HostToWebview, WebviewToHost } from '../../src/protocol/messages.js';
import { Panel, type PanelState } from '../../src/webview/panel.js';
import type { Host } from '../../src/webview/vscodeApi.js';

/** Records what the webview posts; `send` plays the host. */
class RecordingHost implements Host<PanelState> {
  readonly posted: WebviewToHost[] = [];
  private handler?: (m: HostToWebview) => void;
  post(message: WebviewToHost): void {
    this.posted.push(message);
  }
  getState(): PanelState | undefined {
    return undefined;
  }
  setState(): void {}
  onMessage(handler: (m: HostToWebview) => void): void {
    this.handler = handler;
  }
  send(message: HostToWebview): void {
    this.handler?.(message);
  }
}

function openPanel(): { host: RecordingHost; root: HTMLElement } {
  const host = new RecordingHost();
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  new Panel(root, host, () => {}).start();
  return { host, root };
}

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
