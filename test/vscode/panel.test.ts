import { describe, expect, it } from 'vitest';
import type { OutcomeStatus } from '../../src/protocol/messages.js';
import { panelHtml } from '../../src/vscode/panel/panelHtml.js';
import { parseWebviewMessage, toWebviewMessage } from '../../src/vscode/panel/panelMessages.js';

describe('panel messages', () => {
  it('accepts only well-formed messages from the webview', () => {
    expect(parseWebviewMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parseWebviewMessage({ type: 'ask', question: 'why?' })).toEqual({ type: 'ask', question: 'why?' });
    expect(parseWebviewMessage({ type: 'fix-failure', runId: 'r1' })).toEqual({ type: 'fix-failure', runId: 'r1' });
    expect(parseWebviewMessage({ type: 'fix-failure', runId: 7 })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'ask', question: '  ' })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'open-citation', path: 'src/a.ts', line: 3 })).toEqual({
      type: 'open-citation',
      path: 'src/a.ts',
      line: 3,
    });
    expect(parseWebviewMessage({ type: 'open-citation', path: 'src/a.ts', line: 0 })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'cancel' })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'open-in-editor', runId: 'r1' })).toEqual({ type: 'open-in-editor', runId: 'r1' });
    expect(parseWebviewMessage({ type: 'open-in-editor' })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'eval', code: '1' })).toBeUndefined();
    expect(parseWebviewMessage('ready')).toBeUndefined();
  });

  it('sends how a run ended as its status, with the reason and zero totals when it has none', () => {
    const finished = (status: OutcomeStatus, reason?: string) =>
      toWebviewMessage({
        type: 'finished',
        run: { id: 'r', question: 'q', startedMs: 0, status, answer: '', ...(reason ? { reason } : {}), model: 'm', roots: [] },
      });
    expect(finished('failed', 'boom')).toEqual({
      type: 'run-finished',
      runId: 'r',
      status: 'failed',
      answer: '',
      reason: 'boom',
      stats: expect.objectContaining({ calls: 0 }),
    });
    for (const status of ['done', 'partial', 'cancelled'] as const)
      expect(finished(status)).toMatchObject({ type: 'run-finished', status });
  });

  it('passes the graded citations of a run on to the panel', () => {
    const citations = [{ path: 'src/a.ts', line: 3, status: 'unread' as const, file: 'src/a.ts' }];
    const message = toWebviewMessage({
      type: 'finished',
      run: { id: 'r', question: 'q', startedMs: 0, status: 'done', answer: 'src/a.ts:3', citations, model: 'm', roots: [] },
    });
    expect(message).toMatchObject({ type: 'run-finished', citations });
  });
});

describe('panelHtml', () => {
  it('has a strict CSP with the nonce on the only script', () => {
    const html = panelHtml(
      { cspSource: 'https://webview', script: 'https://webview/dist/webview.js', styles: ['https://webview/media/panel.css'] },
      'abc123',
    );
    expect(html).toContain(
      `default-src 'none'; style-src https://webview; font-src https://webview; img-src https://webview data:; script-src 'nonce-abc123'`,
    );
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script nonce="abc123" src="https://webview/dist/webview.js">');
    expect(html).toContain('<link rel="stylesheet" href="https://webview/media/panel.css">');
  });
});
