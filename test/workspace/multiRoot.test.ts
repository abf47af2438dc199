import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolError } from '../../src/workspace/fileTree.js';
import { truncateLine } from '../../src/workspace/grep.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { makeWorkspace, type TestWorkspace } from '../fixtures/makeWorkspace.js';
import { keyed, rgOracle } from './rgOracle.js';

let web: TestWorkspace;
let api: TestWorkspace;
let tree: WorkspaceTree;
beforeAll(() => {
  web = makeWorkspace('basic');
  api = makeWorkspace('second');
  tree = new WorkspaceTree({
    roots: [
      { path: web.root, name: 'web' },
      { path: api.root, name: 'api' },
    ],
  });
});
afterAll(() => {
  web.cleanup();
  api.cleanup();
});

describe('several roots', () => {
  it('prefixes paths with the root name, roots in order', async () => {
    expect(tree.roots).toEqual(['web', 'api']);
    const files = await tree.files();
    expect(files.slice(-2)).toEqual(['api/README.md', 'api/lib/helper.py']);
    expect(files).toContain('web/src/index.ts');
    expect(files).not.toContain('api/.env');
    expect(files).not.toContain('web/.env');
    expect(files.every((path) => path.startsWith('web/') || path.startsWith('api/'))).toBe(true);
  });

  it('reads through the prefix and refuses unknown roots with the names', async () => {
    expect(await tree.read('api/lib/helper.py')).toContain('def hello');
    expect((await tree.lines('web/src/crlf.txt', 2, 2)).lines).toEqual(['second line']);
    expect((await tree.stat('api/lib/helper.py')).path).toBe('api/lib/helper.py');
    const error: unknown = await tree.read('lib/helper.py').catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as Error).message).toMatch(/start with one of: "web", "api"/);
    await expect(tree.read('api')).rejects.toThrow(/"api" is a directory/);
    await expect(tree.read('')).rejects.toThrow(/is a directory/);
    await expect(tree.read('api/.env')).rejects.toThrow('No such file: "api/.env" (use glob/ls to find paths).');
  });

  it('greps every root and matches rg run on each', async () => {
    const expected = [
      ...rgOracle(web.root, ['-e', 'hello']).map((m) => ({
        ...m,
        path: `web/${m.path}`,
        text: truncateLine(m.text, undefined, m.column - 1),
      })),
      ...rgOracle(api.root, ['-e', 'hello']).map((m) => ({ ...m, path: `api/${m.path}` })),
    ].filter((m) => !/\/(\.env|\.env\.local|id_rsa|\.npmrc|credentials\.json)$|server\.pem|\.aws\//.test(m.path));
    const matches = (await tree.grep({ pattern: 'hello', maxResults: 0 })).matches.rows();
    expect(keyed(matches)).toEqual(keyed(expected));
    const roots = matches.map((m) => m.path.split('/')[0]);
    expect(roots.indexOf('api')).toBeGreaterThan(roots.lastIndexOf('web')); // root order, then path
  });

  it('applies a glob that starts with a root name to that root only', async () => {
    const apiOnly = (await tree.grep({ pattern: 'hello', glob: ['api/**'], maxResults: 0 })).matches.rows();
    expect(apiOnly.length).toBeGreaterThan(0);
    expect(apiOnly.every((m) => m.path.startsWith('api/'))).toBe(true);
    const readmes = (await tree.grep({ pattern: 'hello', glob: ['README.md'], maxResults: 0 })).matches.rows().map((m) => m.path);
    expect(readmes).toEqual(['web/README.md', 'api/README.md']);
    const one = (await tree.grep({ pattern: 'hello', glob: ['web/README.md'], maxResults: 0 })).matches.rows().map((m) => m.path);
    expect(one).toEqual(['web/README.md']);
    const folder = (await tree.grep({ pattern: 'hello', glob: ['api/lib'], maxResults: 0 })).matches.rows().map((m) => m.path);
    expect(folder).toEqual(['api/lib/helper.py', 'api/lib/helper.py', 'api/lib/helper.py']);
  });

  it('gives roots with the same folder name distinct names', () => {
    const a = join(web.outside, 'x', 'app');
    const b = join(web.outside, 'y', 'app');
    for (const dir of [a, b]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'f.txt'), 'f\n');
    }
    expect(new WorkspaceTree({ roots: [{ path: a }, { path: b }] }).roots).toEqual(['app', 'app-2']);
  });
});
