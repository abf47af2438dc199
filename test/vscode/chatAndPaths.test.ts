import { describe, expect, it } from 'vitest';
import { linkCitations } from '../../src/vscode/chat/chatFormat.js';
import { previousExchange, splitFolderPrompt } from '../../src/vscode/chat/chatFormat.js';
import { lmErrorToModelError } from '../../src/vscode/models/lmErrors.js';
import { TraceNodes } from '../../src/vscode/runs/traceNodes.js';
import { parseCitation, resolveWorkspacePath } from '../../src/vscode/workspacePaths.js';

describe('workspace paths', () => {
  it('resolves paths of one root and of several (prefixed by the root name); refuses escapes', () => {
    expect(resolveWorkspacePath('src/a.ts', [{ path: '/w', name: 'w' }])).toBe('/w/src/a.ts');
    const roots = [
      { path: '/one', name: 'one' },
      { path: '/two', name: 'two' },
    ];
    expect(resolveWorkspacePath('two/lib/b.py', roots)).toBe('/two/lib/b.py');
    expect(resolveWorkspacePath('three/x', roots)).toBeUndefined();
    expect(resolveWorkspacePath('../etc/passwd', [{ path: '/w', name: 'w' }])).toBeUndefined();
    expect(parseCitation('src/a.ts:12-20')).toEqual({ path: 'src/a.ts', line: 12 });
  });
});

describe('chat formatting', () => {
  const url = (path: string, line: number) => (path.startsWith('src/') ? `file:///w/${path}#L${line}` : undefined);
  it('links path:line citations outside code blocks and leaves unknown paths alone', () => {
    const answer = 'Loaded in `src/config.ts:12`, see src/a.ts:3-5 and lib/x.ts:1.\n```\nsrc/b.ts:9\n```';
    expect(linkCitations(answer, url)).toBe(
      'Loaded in [src/config.ts:12](file:///w/src/config.ts#L12), see [src/a.ts:3-5](file:///w/src/a.ts#L3) and lib/x.ts:1.\n```\nsrc/b.ts:9\n```',
    );
  });

  it('shows the grades: broken citations struck through and never links, unread ones marked, links to the resolved file', () => {
    const citations = [
      { path: 'src/a.ts', line: 3, status: 'read' as const, file: 'src/a.ts' },
      { path: 'engine/loop.ts', line: 2, status: 'unread' as const, file: 'src/engine/loop.ts' },
      { path: 'src/nope.ts', line: 1, status: 'missing' as const },
      { path: 'src/a.ts', line: 99, status: 'out-of-range' as const, file: 'src/a.ts' },
    ];
    const answer = 'At `./src/a.ts:3` and engine/loop.ts:2; not src/nope.ts:1 nor src/a.ts:99.';
    expect(linkCitations(answer, url, citations)).toBe(
      'At [./src/a.ts:3](file:///w/src/a.ts#L3) and [engine/loop.ts:2](file:///w/src/engine/loop.ts#L2) *(unread)*; not ~~src/nope.ts:1~~ *(no such file)* nor ~~src/a.ts:99~~ *(past the end of the file)*.',
    );
  });

  it('splits /folder arguments, quoted or not', () => {
    expect(splitFolderPrompt('src/engine/ where are retries?')).toEqual({ folder: 'src/engine', question: 'where are retries?' });
    expect(splitFolderPrompt('"my dir" why')).toEqual({ folder: 'my dir', question: 'why' });
  });

  it('finds the previous answer of @rlm in the chat history for a follow-up', () => {
    const history = [{ prompt: 'x' }, { result: { metadata: { runId: 'r', question: 'where?', answer: 'here' } } }, { prompt: 'y' }];
    expect(previousExchange(history)).toEqual({ runId: 'r', question: 'where?', answer: 'here' });
    expect(previousExchange([{ result: {} }])).toBeUndefined();
  });
});

describe('lmErrorToModelError', () => {
  it('classifies vscode.lm errors by code and cancellation', () => {
    expect(lmErrorToModelError({ name: 'Canceled', message: '' }, 'GPT', false).kind).toBe('cancelled');
    expect(lmErrorToModelError(new Error('x'), 'GPT', true).kind).toBe('cancelled');
    expect(lmErrorToModelError({ code: 'NoPermissions', message: 'no' }, 'GPT', false).kind).toBe('auth');
    expect(lmErrorToModelError({ code: 'Blocked', message: 'rate limit exceeded' }, 'GPT', false).kind).toBe('rate_limit');
    expect(lmErrorToModelError({ code: 'NotFound', message: 'gone' }, 'GPT', false).kind).toBe('not_found');
    expect(lmErrorToModelError(new Error('socket hang up'), 'GPT', false)).toMatchObject({ kind: 'server', retryable: true });
  });
});

describe('TraceNodes', () => {
  it('rebuilds the tree from events and merges the lines read per file', () => {
    const nodes = new TraceNodes();
    nodes.apply({
      type: 'start',
      node: {
        id: 'n1',
        depth: 0,
        kind: 'cell',
        label: 'cell',
        startMs: 0,
        status: 'running',
        refs: [{ path: 'a.ts', startLine: 5, endLine: 9 }],
      },
    });
    nodes.apply({
      type: 'update',
      id: 'n1',
      changes: {
        status: 'ok',
        refs: [
          { path: 'a.ts', startLine: 1, endLine: 3 },
          { path: 'b.ts', startLine: 2, endLine: 2 },
        ],
      },
    });
    expect(nodes.all()[0].status).toBe('ok');
    expect(nodes.refs()).toEqual([
      { path: 'a.ts', startLine: 1, endLine: 3 },
      { path: 'b.ts', startLine: 2, endLine: 2 },
    ]);
    expect(nodes.toJsonl().split('\n')).toHaveLength(2);
  });
});
