// Grounded citations: each `path:line` of an answer checked against the run's tree and graded by
// what the run read. Over the in-memory tree for the rules, and over the real tree for several
// roots and for a run scoped to a folder.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenCitationsNote, checkCitations, gradeCitations, readsOf } from '../../src/engine/citations/gradeCitations.js';
import { resolveCitedPath } from '../../src/engine/citations/resolveCitedPath.js';
import type { TraceNode } from '../../src/protocol/trace.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { makeWorkspace, type TestWorkspace } from '../fixtures/makeWorkspace.js';
import { InMemoryFileTree } from '../support/inMemoryFileTree.js';

const sixLines = 'def a():\n    return 1\n\n\ndef b():\n    return 2\n';
const tree = new InMemoryFileTree(
  { 'pkg/m17.py': sixLines, 'src/config.ts': 'export const port = 8080;\nexport const host = "x";\n', 'README.md': '# hi\n' },
  { name: 'proj' },
);

const grades = async (answer: string, reads: TraceNode['refs'] = []) =>
  gradeCitations(await checkCitations(answer, tree), reads ?? []).map(
    (c) => `${c.path}:${c.line}${c.endLine ? `-${c.endLine}` : ''} ${c.status}${c.file && c.file !== c.path ? ` → ${c.file}` : ''}`,
  );

describe('checking citations against the tree', () => {
  it('grades each citation: read, unread, missing, out-of-range', async () => {
    const reads = [{ path: 'pkg/m17.py', startLine: 1, endLine: 3 }];
    expect(await grades('See pkg/m17.py:2 and pkg/m17.py:5-6, pkg/nope.py:3 and pkg/m17.py:999.', reads)).toEqual([
      'pkg/m17.py:2 read',
      'pkg/m17.py:5-6 unread',
      'pkg/nope.py:3 missing',
      'pkg/m17.py:999 out-of-range',
    ]);
  });

  it('counts a range as read when a read overlaps it, and out of range when its end is past the file', async () => {
    const reads = [{ path: 'pkg/m17.py', startLine: 5, endLine: 5 }];
    expect(await grades('pkg/m17.py:3-5, pkg/m17.py:1-2 and pkg/m17.py:4-7', reads)).toEqual([
      'pkg/m17.py:3-5 read',
      'pkg/m17.py:1-2 unread',
      'pkg/m17.py:4-7 out-of-range',
    ]);
    // The last line exists; one past it does not.
    expect(await grades('pkg/m17.py:6 then pkg/m17.py:7')).toEqual(['pkg/m17.py:6 unread', 'pkg/m17.py:7 out-of-range']);
  });

  it('reads the path forms answers use: ./, backticks, markdown links, GitHub anchors, the root name in front', async () => {
    const answer = [
      'The port is set in `./src/config.ts:1`,',
      'the host in [config](src/config.ts#L2) and [src/config.ts:2](./src/config.ts:2);',
      'helpers at proj/pkg/m17.py:5.',
    ].join('\n');
    expect(await grades(answer)).toEqual(['src/config.ts:1 unread', 'src/config.ts:2 unread', 'proj/pkg/m17.py:5 unread → pkg/m17.py']);
  });

  it('skips fenced code, and lists a citation written twice once', async () => {
    expect(await grades('src/config.ts:1 and again src/config.ts:1\n\n```ts\n// pkg/nope.py:3\n```\n')).toEqual(['src/config.ts:1 unread']);
  });

  it('never matches a hallucinated folder to a real file elsewhere, nor climbs out with ..', () => {
    const files = new Set(['util.ts', 'src/a.ts']);
    expect(resolveCitedPath('lib/util.ts', files, ['proj'])).toBeUndefined();
    expect(resolveCitedPath('src/../util.ts', files, ['proj'])).toBeUndefined();
    expect(resolveCitedPath('/src/a.ts', files, ['proj'])).toBe('src/a.ts');
    // A run scoped to the folder "engine": the model cites it from the workspace root.
    expect(resolveCitedPath('src/engine/loop.ts', new Set(['loop.ts']), ['engine'])).toBe('loop.ts');
    expect(resolveCitedPath('src/other/loop.ts', new Set(['loop.ts']), ['engine'])).toBeUndefined();
  });
});

describe('citations over the real tree', () => {
  let basic: TestWorkspace;
  let second: TestWorkspace;
  beforeAll(() => {
    basic = makeWorkspace('basic');
    second = makeWorkspace('second');
  });
  afterAll(() => {
    basic.cleanup();
    second.cleanup();
  });

  it('with several roots: the root name in front, or the one root that holds the path', async () => {
    const multi = new WorkspaceTree({
      roots: [
        { path: basic.root, name: 'web' },
        { path: second.root, name: 'py' },
      ],
    });
    const checked = await checkCitations(
      'web/src/index.ts:4, lib/helper.py:1, py/lib/helper.py:999, README.md:1 and api/src/index.ts:4',
      multi,
    );
    expect(checked.map((c) => [c.path, c.status, c.file])).toEqual([
      ['web/src/index.ts', 'found', 'web/src/index.ts'],
      ['lib/helper.py', 'found', 'py/lib/helper.py'],
      ['py/lib/helper.py', 'out-of-range', 'py/lib/helper.py'],
      // Both roots hold a README.md: which one is meant cannot be told.
      ['README.md', 'missing', undefined],
      ['api/src/index.ts', 'missing', undefined],
    ]);
  });

  it('in a run scoped to a folder: paths relative to the folder or to the workspace', async () => {
    const scoped = new WorkspaceTree({ roots: [{ path: join(basic.root, 'src/util') }] });
    const checked = await checkCitations('math.ts:1, src/util/math.ts:2, util/strings.ts:1, src/index.ts:1', scoped);
    expect(checked.map((c) => [c.path, c.status, c.file])).toEqual([
      ['math.ts', 'found', 'math.ts'],
      ['src/util/math.ts', 'found', 'math.ts'],
      ['util/strings.ts', 'found', 'strings.ts'],
      // Outside the folder the run could see: not there for this run.
      ['src/index.ts', 'missing', undefined],
    ]);
  });
});

describe('the note to the model', () => {
  it('names each broken citation with what is wrong, and is absent when none is', async () => {
    const note = brokenCitationsNote(await checkCitations('pkg/m17.py:2, pkg/nope.py:3 and pkg/m17.py:999', tree));
    expect(note).toContain('- pkg/nope.py:3: no such file in the workspace\n- pkg/m17.py:999: pkg/m17.py has only 6 lines');
    expect(note).not.toContain('pkg/m17.py:2');
    expect(note).toMatch(/FINAL the corrected answer/);
    expect(brokenCitationsNote(await checkCitations('pkg/m17.py:2, and no other', tree))).toBeUndefined();
  });

  it('reads the refs of every cell of the trace, children included', () => {
    const node = (id: string, refs?: TraceNode['refs']): TraceNode => ({
      id,
      depth: 0,
      kind: 'cell',
      label: id,
      startMs: 0,
      status: 'ok',
      ...(refs ? { refs } : {}),
    });
    expect(
      readsOf([
        node('a'),
        node('b', [{ path: 'x.ts', startLine: 1, endLine: 2 }]),
        node('c', [{ path: 'y.ts', startLine: 3, endLine: 3 }]),
      ]),
    ).toEqual([
      { path: 'x.ts', startLine: 1, endLine: 2 },
      { path: 'y.ts', startLine: 3, endLine: 3 },
    ]);
  });
});
