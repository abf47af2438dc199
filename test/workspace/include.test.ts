// rlm.include: only matching files are visible — listed, readable and searchable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { makeWorkspace, type TestWorkspace } from '../fixtures/makeWorkspace.js';

let ws: TestWorkspace;
beforeAll(() => (ws = makeWorkspace('basic')));
afterAll(() => ws.cleanup());

describe('include globs', () => {
  it('show only matching files to every call', async () => {
    const tree = new WorkspaceTree({ roots: [{ path: ws.root }], include: ['src/util/**', '*.md'] });
    const files = await tree.files();
    expect(files).toContain('src/util/math.ts');
    expect(files).toContain('README.md');
    expect(files).not.toContain('src/index.ts');
    await expect(tree.read('src/index.ts')).rejects.toThrow();
    const hits = await tree.grep({ pattern: 'hello', maxResults: 0 });
    expect(hits.matches.length).toBeGreaterThan(0);
    expect(hits.matches.rows().every((m) => files.includes(m.path))).toBe(true);
  });

  it('combine with excludes and secret rules', async () => {
    const tree = new WorkspaceTree({ roots: [{ path: ws.root }], include: ['**'], exclude: ['docs/**'] });
    const files = await tree.files();
    expect(files.some((f) => f.startsWith('docs/'))).toBe(false);
    expect(files).not.toContain('.env');
  });
});
