// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { HostToWebview, WebviewToHost } from '../../src/protocol/messages.js';
import type { TraceNode } from '../../src/protocol/trace.js';
import { splitCellDetail } from '../../src/webview/codeCell.js';
import { RunView, type RunViewTiming } from '../../src/webview/runView.js';
import type { Host } from '../../src/webview/vscodeApi.js';

/** The host side of the editor view: records what the webview posts. */
class RecordingHost implements Host<unknown> {
  readonly posted: WebviewToHost[] = [];
  handler: ((m: HostToWebview) => void) | undefined;
  post(message: WebviewToHost): void {
    this.posted.push(message);
  }
  getState(): unknown {
    return undefined;
  }
  setState(): void {}
  onMessage(handler: (m: HostToWebview) => void): void {
    this.handler = handler;
  }
  send(message: HostToWebview): void {
    this.handler!(message);
  }
}

/** Redraws only when the test says, on a clock the test moves. */
class ManualTiming implements RunViewTiming {
  localMs = 50_000;
  tick: (() => void) | undefined;
  schedule(): void {}
  every(tick: () => void): void {
    this.tick = tick;
  }
  now(): number {
    return this.localMs;
  }
}

const T0 = 1_767_000_000_000;
const node = (
  id: string,
  parentId: string | undefined,
  kind: TraceNode['kind'],
  start: number,
  extra: Partial<TraceNode> = {},
): TraceNode => ({
  id,
  ...(parentId ? { parentId } : {}),
  depth: 0,
  kind,
  label: id,
  startMs: T0 + start,
  status: 'running',
  ...extra,
});
const CELL_CODE = 'const files = glob("src/**/*.ts");\nconst answers = await Promise.all(files.map((f) => llm("Summarise", read(f))));';

let host: RecordingHost;
let timing: ManualTiming;
let view: RunView;
let root: HTMLElement;

function startRun(): void {
  host.send({
    type: 'show-run',
    run: { id: 'r1', question: 'What do the files do?', startedMs: T0, status: 'running' },
    nodes: [
      node('rlm', undefined, 'rlm', 0, { label: 'What do the files do?' }),
      node('t1', 'rlm', 'turn', 0, { label: 'turn 1' }),
      node('m1', 't1', 'llm', 0, { label: 'root model', endMs: T0 + 100, status: 'ok' }),
      node('c1', 't1', 'cell', 100, { label: 'cell 1.1', detail: CELL_CODE }),
      node('s1', 'c1', 'llm', 110, { label: 'llm: Summarise a.ts' }),
      node('s2', 'c1', 'llm', 120, { label: 'llm: Summarise b.ts' }),
    ],
  });
}

const bars = (track: string) => [...root.querySelectorAll<HTMLElement>(`.tl-lane[data-track="${track}"] .tl-bar`)];
const treeItem = (id: string) => root.querySelector<HTMLElement>(`[role="treeitem"][data-id="${id}"]`)!;

beforeEach(() => {
  host = new RecordingHost();
  timing = new ManualTiming();
  root = document.createElement('div');
  document.body.replaceChildren(root);
  view = new RunView(root, host, timing);
  view.start();
});

describe('RunView (the editor view of a run)', () => {
  it('says ready, then draws the tree beside a timeline with one lane per sub-call in flight', () => {
    expect(host.posted).toEqual([{ type: 'ready' }]);
    startRun();
    expect(root.querySelector('[data-testid="run-status"]')!.textContent).toBe('Running…');
    expect(bars('sub-calls').map((b) => b.dataset.id)).toEqual(['s1', 's2']);
    expect(root.querySelectorAll('.tl-lane[data-track="sub-calls"]')).toHaveLength(2);
    expect(root.querySelector('.tl-lane[data-track="sub-calls"] .tl-lane-title')!.textContent).toBe('sub-calls · 2 at once');
    expect(bars('sub-calls').every((b) => b.classList.contains('open'))).toBe(true);
  });

  it('follows the run live: new nodes add bars, running bars grow with the host clock, the end fixes them', () => {
    startRun();
    const widthOf = (id: string) => parseFloat(root.querySelector<HTMLElement>(`.tl-bar[data-id="${id}"]`)!.style.width);
    const before = widthOf('m1');
    // 880 ms later on this side, the host is 880 ms further too: the root call's share of the span shrinks.
    timing.localMs += 880;
    timing.tick!();
    expect(widthOf('m1')).toBeLessThan(before);
    expect(widthOf('m1')).toBeCloseTo(10, 0);

    host.send({
      type: 'trace',
      runId: 'r1',
      event: { type: 'start', node: node('s3', 'c1', 'llm', 130, { label: 'llm: Summarise c.ts' }) },
    });
    host.send({ type: 'trace', runId: 'r1', event: { type: 'update', id: 's1', changes: { status: 'ok', endMs: T0 + 400 } } });
    host.send({ type: 'trace', runId: 'other', event: { type: 'start', node: node('x', 'c1', 'llm', 130) } });
    view.redraw();
    expect(bars('sub-calls').map((b) => b.dataset.id)).toEqual(['s1', 's2', 's3']);
    expect(root.querySelector('.tl-bar[data-id="s1"]')!.classList.contains('open')).toBe(false);
  });

  it('selecting a bar selects its node in the tree, and selecting in the tree marks the bar', () => {
    startRun();
    bars('sub-calls')[1]!.click();
    expect(treeItem('s2').classList.contains('active')).toBe(true);
    expect(treeItem('s2').getAttribute('tabindex')).toBe('0');
    expect(root.querySelector('.tl-bar[data-id="s2"]')!.classList.contains('selected')).toBe(true);
    expect(root.querySelector('[data-testid="timeline-hover"]')!.textContent).toContain('llm: Summarise b.ts · running');

    treeItem('t1').querySelector<HTMLElement>(':scope > .row')!.click();
    expect(root.querySelector('.tl-bar[data-id="t1"]')!.classList.contains('selected')).toBe(true);
    expect(root.querySelector('.tl-bar[data-id="s2"]')!.classList.contains('selected')).toBe(false);
  });

  it('shows an opened code cell with highlighted code and its output apart', () => {
    startRun();
    host.send({
      type: 'trace',
      runId: 'r1',
      event: {
        type: 'update',
        id: 'c1',
        changes: { status: 'ok', endMs: T0 + 900, detail: `${CELL_CODE}\n\n--- output ---\n[cell 1 output]\n2 files` },
      },
    });
    view.redraw();
    root.querySelector<HTMLElement>('.tl-bar[data-id="c1"]')!.click();
    treeItem('c1').querySelector<HTMLElement>(':scope > .row')!.click();
    const code = treeItem('c1').querySelector('[data-testid="cell-code"] code.hljs')!;
    expect(code.textContent).toBe(CELL_CODE);
    expect([...code.querySelectorAll('.hljs-keyword')].map((k) => k.textContent)).toEqual(['const', 'const', 'await']);
    expect(code.querySelector('.hljs-string')!.textContent).toBe('"src/**/*.ts"');
    expect(treeItem('c1').querySelector('.cell-output')!.textContent).toBe('[cell 1 output]\n2 files');
  });

  it('shows the answer with its graded citations when the run finishes, and posts citation clicks', () => {
    startRun();
    host.send({
      type: 'run-finished',
      runId: 'r1',
      status: 'done',
      answer: 'See src/a.ts:3.',
      citations: [{ path: 'src/a.ts', line: 3, status: 'read' }],
      stats: {
        calls: 3,
        subCalls: 2,
        cacheHits: 0,
        inputTokens: 10,
        outputTokens: 5,
        costUsd: 0,
        costKnown: true,
        wallMs: 900,
        maxDepth: 0,
      },
    });
    expect(root.querySelector('[data-testid="run-status"]')!.textContent).toBe('Done');
    root.querySelector<HTMLElement>('a.citation')!.click();
    expect(host.posted.at(-1)).toEqual({ type: 'open-citation', path: 'src/a.ts', line: 3 });
    expect(root.querySelector<HTMLElement>('[data-testid="cancel"]')!.hidden).toBe(true);
  });

  it("a run that fails while shown: one failure card with the panel's fixing button, which asks the host to fix it", () => {
    startRun();
    host.send({
      type: 'run-finished',
      runId: 'r1',
      status: 'failed',
      answer: '',
      reason: 'the model failed: http://h/v1 needs an API key and none was set (401): Incorrect API key provided.',
      failure: {
        kind: 'auth',
        message: 'http://h/v1 needs an API key and none was set (401): Incorrect API key provided.',
        status: 401,
        baseUrl: 'http://h/v1',
        keySent: false,
      },
      stats: {
        calls: 1,
        subCalls: 0,
        cacheHits: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        costKnown: false,
        wallMs: 40,
        maxDepth: 0,
      },
    });
    expect(root.querySelector('[data-testid="run-status"]')!.textContent).toBe('Failed');
    const cards = root.querySelectorAll('[data-testid="failure"]');
    expect(cards).toHaveLength(1);
    expect(cards[0]!.textContent).toBe(
      ' http://h/v1 needs an API key and none was set (401): Incorrect API key provided. Set its API key.Set API Key',
    );
    const button = root.querySelector<HTMLButtonElement>('[data-testid="fix-failure"]')!;
    expect(button.dataset.action).toBe('set-api-key');
    button.click();
    expect(host.posted.at(-1)).toEqual({ type: 'fix-failure', runId: 'r1' });
  });
});

describe('splitCellDetail', () => {
  it('splits code from output, also for a repeated cell, and keeps a detail without output as code', () => {
    expect(splitCellDetail('print(1)\n\n--- output ---\n1')).toEqual({ code: 'print(1)', output: '1' });
    expect(splitCellDetail('print(1)\n\n--- output (repeat) ---\n1')).toEqual({ code: 'print(1)', output: '1' });
    expect(splitCellDetail('print(1)')).toEqual({ code: 'print(1)' });
  });
});
