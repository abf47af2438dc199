// The MCP ask tool's scope only narrows: a folder inside a root (symlinks resolved) becomes an
// include glob, excludes add to the server's, and nothing replaces the server's own --include.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScopeError, scopedWorkspace } from '../../src/cli/mcp/askScope.js';
import type { WorkspaceOptions } from '../../src/host/workspace.js';

const tmp = mkdtempSync(join(tmpdir(), 'rlm-scope-'));
const root = join(tmp, 'repo');
const outside = join(tmp, 'outside');
mkdirSync(join(root, 'src', 'util'), { recursive: true });
mkdirSync(outside);
symlinkSync(outside, join(root, 'escape'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const base = (extra: Partial<WorkspaceOptions> = {}): WorkspaceOptions => ({
  roots: [{ path: root, name: 'repo' }],
  allowSecrets: false,
  exclude: ['dist/**'],
  symbolCacheDir: undefined,
  sandbox: { engine: 'quickjs' },
  ...extra,
});

describe('scopedWorkspace', () => {
  it('a folder is an include glob over its root (paths stay workspace-relative); excludes add to the server’s', () => {
    const scoped = scopedWorkspace(base(), { folder: 'src/util', exclude: ['*.md'] });
    expect(scoped).toMatchObject({ roots: base().roots, include: ['src/util/**'], exclude: ['dist/**', '*.md'] });
    expect(scopedWorkspace(base(), { folder: 'src/util', include: ['*.ts', 'lib/*.js'] }).include).toEqual([
      'src/util/**/*.ts',
      'src/util/lib/*.js',
    ]);
    expect(scopedWorkspace(base(), { include: ['**/*.ts'] })).toMatchObject({ roots: base().roots, include: ['**/*.ts'] });
    expect(scopedWorkspace(base(), { folder: root }).include).toBeUndefined();
  });

  it('with several roots, a folder named by its root mounts that root alone', () => {
    const other = { path: outside, name: 'outside' };
    const scoped = scopedWorkspace(base({ roots: [{ path: root, name: 'repo' }, other] }), { folder: 'repo/src' });
    expect(scoped).toMatchObject({ roots: [{ path: root, name: 'repo' }], include: ['src/**'] });
  });

  it('refuses a folder that leaves the workspace, through .. or a symlink, or does not exist', () => {
    for (const folder of ['..', 'escape', outside, 'src/nope'])
      expect(() => scopedWorkspace(base(), { folder }), folder).toThrow(
        new ScopeError(
          `No folder "${folder}" in the workspace (repo); give a folder inside it, relative to the workspace (e.g. "src"), or leave folder out.`,
        ),
      );
  });

  it('takes no folder or include over the server’s own --include', () => {
    for (const scope of [{ include: ['**'] }, { folder: 'src' }])
      expect(() => scopedWorkspace(base({ include: ['src/**'] }), scope)).toThrow(
        /its --include\), so ask takes no folder or include of its own/,
      );
    expect(scopedWorkspace(base({ include: ['src/**'] }), { exclude: ['x'] }).include).toEqual(['src/**']);
  });
});
