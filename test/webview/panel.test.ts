// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { HostToWebview, RunTotals } from '../../src/protocol/messages.js';
import type { TraceNode } from '../../src/protocol/trace.js';
import { Panel, type PanelState } from '../../src/webview/panel.js';
import { FakeHost } from './support/fakeHost.js';

const node = (id: string, extra: Partial<TraceNode>): TraceNode => ({
  id,
  depth: 0,
  kind: 'turn',
  label: id,
  startMs: 1000,
  status: 'running',
  ...extra,
});
const stats: RunTotals = {
  calls: 3,
  subCalls: 2,
  cacheHits: 1,
  inputTokens: 1500,
  outputTokens: 200,
  costUsd: 0.0123,
  costKnown: true,
  wallMs: 2500,
  maxDepth: 1,
};

let host: FakeHost<PanelState>;
let panel: Panel;
let root: HTMLElement;

function start(): void {
  root = document.createElement('div');
  document.body.replaceChildren(root);
  panel = new Panel(root, host, () => {});
  panel.start();
}

function rows(): string[] {
  return [...root.querySelectorAll('[role="treeitem"]')].map((li) => {
    const row = li.querySelector(':scope > .row')!;
    return `${row.querySelector('.kind')!.textContent} ${row.querySelector('.label')!.textContent} ${row.querySelector('.status-text')!.textContent}${li.getAttribute('aria-expanded') ? ` [${li.getAttribute('aria-expanded')}]` : ''}`;
  });
}

function key(el: Element, k: string, init: KeyboardEventInit = {}): void {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init }));
}

function runLive(): void {
  host.send({ type: 'run-started', run: { id: 'r1', question: 'Where is the config loaded?', startedMs: 1000, status: 'running' } });
  host.send({
    type: 'trace',
    runId: 'r1',
    event: { type: 'start', node: node('n1', { kind: 'rlm', label: 'Where is the config loaded?' }) },
  });
  host.send({ type: 'trace', runId: 'r1', event: { type: 'start', node: node('n2', { parentId: 'n1', label: 'turn 1' }) } });
  host.send({
    type: 'trace',
    runId: 'r1',
    event: { type: 'start', node: node('n3', { parentId: 'n2', kind: 'cell', label: 'cell 1.1', detail: 'grep(/config/)' }) },
  });
  host.send({
    type: 'trace',
    runId: 'r1',
    event: { type: 'start', node: node('n4', { parentId: 'n2', kind: 'llm', label: 'llm: summarise', model: 'mini' }) },
  });
  host.send({
    type: 'trace',
    runId: 'r1',
    event: {
      type: 'update',
      id: 'n3',
      changes: { status: 'ok', endMs: 1200, refs: [{ path: 'src/config.ts', startLine: 40, endLine: 44 }] },
    },
  });
  host.send({
    type: 'trace',
    runId: 'r1',
    event: {
      type: 'update',
      id: 'n4',
      changes: { status: 'cached', endMs: 1001, inputTokens: 10, outputTokens: 2, detail: 'Prompt: p\n\nAnswer: a' },
    },
  });
  panel.redraw();
}

beforeEach(() => {
  host = new FakeHost<PanelState>();
  start();
});

describe('Panel', () => {
  it('sends the ready handshake on start', () => {
    expect(host.posted).toEqual([{ type: 'ready' }]);
  });

  it('asks on Enter, keeps Shift+Enter for a new line, and persists the draft', () => {
    const textarea = root.querySelector('textarea')!;
    textarea.value = 'Where is X?';
    textarea.dispatchEvent(new Event('input'));
    key(textarea, 'Enter', { shiftKey: true });
    expect(host.posted).toHaveLength(1);
    key(textarea, 'Enter');
    expect(host.posted.at(-1)).toEqual({ type: 'ask', question: 'Where is X?' });
    expect(host.state?.draft).toBe('Where is X?');
  });

  it('clears the box once its question runs, and keeps a different draft', () => {
    const textarea = root.querySelector('textarea')!;
    textarea.value = 'Where is the config loaded?';
    textarea.dispatchEvent(new Event('input'));
    host.send({ type: 'run-started', run: { id: 'r1', question: 'Where is the config loaded?', startedMs: 0, status: 'running' } });
    expect(textarea.value).toBe('');
    expect(host.state?.draft).toBe('');
    textarea.value = 'And the port?';
    host.send({ type: 'run-started', run: { id: 'r2', question: 'Other question', startedMs: 0, status: 'running' } });
    expect(textarea.value).toBe('And the port?');
  });

  it('says where to ask, and where @rlm lives, while the history is empty', () => {
    expect(root.querySelector('[data-testid="chat-hint"]')!.textContent).toMatch(/command palette.*@rlm/);
    host.send({ type: 'history', runs: [{ id: 'old', question: 'Old?', startedMs: 0, status: 'done', answer: 'a' }] });
    expect(root.querySelector('[data-testid="chat-hint"]')).toBeNull();
  });

  it('draws the live call tree with labels, statuses and the cached mark; cancel while running', () => {
    runLive();
    expect(rows()).toEqual(['RLM Where is the config loaded? running [true]', 'turn turn 1 running [false]']);
    const turn = root.querySelectorAll<HTMLElement>('[role="treeitem"]')[1];
    key(turn, 'Enter');
    expect(rows()).toEqual([
      'RLM Where is the config loaded? running [true]',
      'turn turn 1 running [true]',
      'cell cell 1.1 ok [false]',
      'LLM llm: summarise cached [false]',
    ]);
    expect(root.querySelector('.totals')!.textContent).toContain('1 call (1 cached)');
    const cancel = [...root.querySelectorAll('button')].find((b) => b.textContent?.includes('Cancel'))!;
    expect(cancel.hidden).toBe(false);
    cancel.click();
    expect(host.posted.at(-1)).toEqual({ type: 'cancel', runId: 'r1' });
  });

  it('moves with the arrow keys and opens a cell to show its code, output and read files', () => {
    runLive();
    const first = root.querySelector<HTMLElement>('[role="treeitem"]')!;
    first.focus();
    key(first, 'ArrowDown');
    expect((document.activeElement as HTMLElement).dataset.id).toBe('n2');
    key(document.activeElement!, 'ArrowRight'); // opens turn 1
    key(document.activeElement!, 'ArrowRight'); // into its first child
    expect((document.activeElement as HTMLElement).dataset.id).toBe('n3');
    key(document.activeElement!, ' ');
    expect(root.querySelector('[data-id="n3"] pre')?.textContent).toBe('grep(/config/)');
    const ref = root.querySelector<HTMLAnchorElement>('[data-id="n3"] a.citation')!;
    expect(ref.textContent).toBe('src/config.ts:40-44');
    ref.click();
    expect(host.posted.at(-1)).toEqual({ type: 'open-citation', path: 'src/config.ts', line: 40 });
    key(document.activeElement!, 'ArrowLeft'); // closes the cell
    key(document.activeElement!, 'ArrowLeft'); // to the parent
    expect((document.activeElement as HTMLElement).dataset.id).toBe('n2');
    expect(host.state?.open).toMatchObject({ n2: true, n3: false });
  });

  it('shows the finished answer with clickable citations and the run totals', () => {
    runLive();
    host.send({ type: 'run-finished', runId: 'r1', status: 'done', answer: 'Loaded in `src/config.ts:42` <b>x</b>', stats });
    expect(root.querySelector('.answer b')).toBeNull();
    root.querySelector<HTMLElement>('.answer a.citation')!.click();
    expect(host.posted.at(-1)).toEqual({ type: 'open-citation', path: 'src/config.ts', line: 42 });
    expect(root.querySelector('.totals')!.textContent).toBe(
      '3 calls (1 cached, 2 sub-calls) · 1.5k in · 200 out · $0.01 · 2.5 s · depth 1',
    );
    expect(root.querySelector('.run-status')!.textContent).toBe('Done');
    const cancel = [...root.querySelectorAll('button')].find((b) => b.textContent?.includes('Cancel'))!;
    expect(cancel.hidden).toBe(true);
  });

  it('shows what a cancelled run found under its answer, with the lines it read as links', () => {
    runLive();
    const findings =
      '#### What the run found, turn by turn\n\n**Turn 1** — read `src/a.ts:3-5`; called `peek("src/a.ts")`\n```text\n3: const x = 1;\n```';
    host.send({
      type: 'run-finished',
      runId: 'r1',
      answer: 'Cancelled before a final answer.',
      status: 'cancelled',
      reason: 'cancelled',
      findings,
      stats,
    });
    const answer = root.querySelector('.answer')!;
    expect(answer.querySelector('.markdown')!.textContent).toBe('Cancelled before a final answer.\n');
    const found = answer.querySelector('[data-testid="findings"]')!;
    expect(found.querySelector('h4')!.textContent).toBe('What the run found, turn by turn');
    expect(found.querySelector('pre')!.textContent).toBe('3: const x = 1;\n');
    expect(found.querySelector<HTMLAnchorElement>('a.citation')!.dataset).toMatchObject({ path: 'src/a.ts', line: '3' });
  });

  it('opens a citation at the file it resolved to, and leaves a broken one unlinked', () => {
    runLive();
    const citations = [
      { path: 'src/engine/loop.ts', line: 9, status: 'read' as const, file: 'loop.ts' },
      { path: 'src/nope.ts', line: 3, status: 'missing' as const },
    ];
    host.send({
      type: 'run-finished',
      runId: 'r1',
      answer: 'See src/engine/loop.ts:9, not src/nope.ts:3.',
      status: 'done',
      citations,
      stats,
    });
    expect(root.querySelectorAll('.answer a.citation')).toHaveLength(1);
    expect(root.querySelector('.answer .citation-broken')!.textContent).toBe('src/nope.ts:3');
    root.querySelector<HTMLElement>('.answer a.citation')!.click();
    expect(host.posted.at(-1)).toEqual({ type: 'open-citation', path: 'loop.ts', line: 9 });
  });

  it('says when a run only covers one folder, in the run and in the history', () => {
    runLive();
    expect(root.querySelector<HTMLElement>('[data-testid="run-scope"]')!.hidden).toBe(true);
    host.send({
      type: 'run-started',
      run: { id: 'r2', question: 'What is in here?', scope: 'src/util', startedMs: 2000, status: 'running' },
    });
    panel.redraw();
    const scope = root.querySelector<HTMLElement>('[data-testid="run-scope"]')!;
    expect(scope.hidden).toBe(false);
    expect(scope.textContent).toBe(' Only src/util');
    expect(root.querySelector('[data-run-id="r2"] .history-meta')!.textContent).toMatch(/^Running… · in src\/util · /);
  });

  it('shows the status the host sent, in the run and in the history, with a notice for each ending', () => {
    const notice = () => {
      const p = root.querySelector('.answer .notice');
      return p ? `${p.className}: ${p.textContent}` : undefined;
    };
    const cases: Array<[HostToWebview & { type: 'run-finished' }, string, string | undefined]> = [
      [{ type: 'run-finished', runId: 'r1', status: 'done', answer: 'At src/a.ts:1', stats }, 'Done', undefined],
      [
        { type: 'run-finished', runId: 'r1', status: 'partial', answer: 'best so far', reason: 'the cost budget ($1) is used up', stats },
        'Partial',
        'notice warning:  Partial answer: the cost budget ($1) is used up.',
      ],
      [
        { type: 'run-finished', runId: 'r1', status: 'cancelled', answer: 'Cancelled before a final answer.', reason: 'cancelled', stats },
        'Cancelled',
        'notice warning:  Cancelled: the answer holds what was found until then.',
      ],
      // A model that never answered: one failure card, worded for VS Code, with its button.
      [
        {
          type: 'run-finished',
          runId: 'r1',
          status: 'failed',
          answer: '',
          reason: 'the model failed: http://h/v1 refused the API key (401): Bad key.',
          failure: { kind: 'auth', message: 'http://h/v1 refused the API key (401): Bad key.', baseUrl: 'http://h/v1', keySent: true },
          stats,
        },
        'Failed',
        'notice error failure:  http://h/v1 refused the API key (401): Bad key. Set a key this server accepts.Set API Key',
      ],
      // A run from before failures were typed: its reason, and Retry.
      [
        { type: 'run-finished', runId: 'r1', status: 'failed', answer: '', reason: 'model unreachable', stats },
        'Failed',
        'notice error failure:  The run failed: model unreachable',
      ],
    ];
    for (const [message, status, expected] of cases) {
      runLive();
      host.send(message);
      expect(root.querySelector('.run-status')!.textContent, message.status).toBe(status);
      expect(root.querySelector('.run-status')!.className).toBe(`run-status run-${message.status}`);
      expect(root.querySelector('[data-run-id="r1"] .history-meta')!.textContent).toMatch(new RegExp(`^${status} · `));
      expect(notice(), message.status).toBe(expected);
    }
  });

  it('lists history, re-opens a run and exports it', () => {
    host.send({ type: 'history', runs: [{ id: 'old', question: 'Old question?', startedMs: 0, status: 'done', answer: 'old answer' }] });
    const item = root.querySelector<HTMLElement>('[data-run-id="old"]')!;
    expect(item.textContent).toContain('Old question?');
    item.click();
    expect(host.posted.at(-1)).toEqual({ type: 'open-run', runId: 'old' });
    host.send({
      type: 'show-run',
      run: { id: 'old', question: 'Old question?', startedMs: 0, status: 'done', answer: 'old answer' },
      nodes: [node('a', { kind: 'rlm', status: 'ok', endMs: 3000 })],
    });
    expect(root.querySelector('.answer')!.textContent).toBe('old answer\n');
    expect(rows()).toEqual(['RLM a ok']);
    expect(root.querySelector('[data-run-id="old"]')!.getAttribute('aria-current')).toBe('true');
    [...root.querySelectorAll('button')].find((b) => b.textContent?.includes('Export'))!.click();
    expect(host.posted.at(-1)).toEqual({ type: 'export-trace', runId: 'old' });
  });

  it('a failed run from the history: one failure card, its button asks the host to fix it, totals in the shared words', () => {
    const message = 'http://h/v1 found no "qwen" (404): The model `qwen` does not exist.';
    host.send({
      type: 'show-run',
      run: {
        id: 'f',
        question: 'Where?',
        startedMs: 0,
        status: 'failed',
        answer: '',
        reason: `the model failed: ${message}`,
        failure: { kind: 'not_found', message, baseUrl: 'http://h/v1', model: 'qwen', status: 404 },
        stats: { ...stats, calls: 1, subCalls: 0, cacheHits: 0, costUsd: 0, costKnown: false },
      },
      nodes: [node('a', { kind: 'rlm', status: 'error', endMs: 3000 })],
    });
    const cards = root.querySelectorAll('[data-testid="failure"]');
    expect(cards).toHaveLength(1);
    expect(root.querySelector('.answer')!.textContent!.match(/does not exist/g)).toHaveLength(1);
    expect(root.querySelector('.answer .markdown')).toBeNull();
    const button = root.querySelector<HTMLButtonElement>('[data-testid="fix-failure"]')!;
    expect(button.textContent).toBe('Open rlm.model');
    button.click();
    expect(host.posted.at(-1)).toEqual({ type: 'fix-failure', runId: 'f' });
    expect(root.querySelector('[data-testid="totals"]')!.textContent).toMatch(/^1 call \(0 cached, 0 sub-calls\) · .* · cost unknown · /);
  });

  it('restores the draft and open nodes after the view is re-created', () => {
    runLive();
    key(root.querySelectorAll<HTMLElement>('[role="treeitem"]')[1], 'Enter');
    const textarea = root.querySelector('textarea')!;
    textarea.value = 'draft';
    textarea.dispatchEvent(new Event('input'));
    start();
    expect(root.querySelector('textarea')!.value).toBe('draft');
    host.send({
      type: 'show-run',
      run: { id: 'r1', question: 'q', startedMs: 0, status: 'running' },
      nodes: [node('n1', { kind: 'rlm' }), node('n2', { parentId: 'n1' }), node('n3', { parentId: 'n2', kind: 'cell' })],
    });
    expect(rows()).toHaveLength(3);
  });
});
