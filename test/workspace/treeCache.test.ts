// Trees kept between runs: the same folders and rules give the same tree with its listing warm,
// and what a file watcher reports drops exactly what it makes stale. A real folder on disk, real rg.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TreeCache } from '../../src/workspace/treeCache.js';

let root: string;
let trees: TreeCache;
const options = () => ({ roots: [{ path: root, name: 'app' }], allowSecrets: false, redactSecrets: true, exclude: [], include: [] });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'rlm-tree-cache-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src/a.py'), 'def a():\n    return 1\n');
  trees = new TreeCache(0);
});
afterEach(() => {
  trees.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('TreeCache', () => {
  it('gives the same tree for the same folders and rules, its listing kept between runs', async () => {
    const tree = trees.tree(options());
    expect(await tree.files()).toEqual(['src/a.py']);
    writeFileSync(join(root, 'src/b.py'), 'b = 2\n'); // no watcher event: the kept listing is used
    expect(trees.tree(options())).toBe(tree);
    expect(await trees.tree(options()).files()).toEqual(['src/a.py']);
    expect(trees.tree({ ...options(), exclude: ['*.md'] })).not.toBe(tree);
  });

  it('lists again after a file is created or deleted', async () => {
    const tree = trees.tree(options());
    await tree.files();
    writeFileSync(join(root, 'src/b.py'), 'b = 2\n');
    trees.onDiskChange(join(root, 'src/b.py'), 'created');
    expect(await tree.files()).toEqual(['src/a.py', 'src/b.py']);
    rmSync(join(root, 'src/a.py'));
    trees.onDiskChange(join(root, 'src/a.py'), 'deleted');
    expect(await tree.files()).toEqual(['src/b.py']);
  });

  it('keeps the listing when a source file is saved, and gives its new size', async () => {
    const tree = trees.tree(options());
    expect(await tree.sizes(['src/a.py'])).toEqual([22]);
    writeFileSync(join(root, 'src/late.py'), 'x = 1\n'); // not reported: shows the listing was kept
    writeFileSync(join(root, 'src/a.py'), 'def a():\n    return 1 + 2 + 3\n');
    trees.onDiskChange(join(root, 'src/a.py'), 'changed');
    expect(await tree.files()).toEqual(['src/a.py']);
    expect(await tree.sizes(['src/a.py'])).toEqual([30]);
  });

  it('lists again when an ignore file or a file checked for credentials changes', async () => {
    const tree = trees.tree(options());
    writeFileSync(join(root, 'key.json'), '{"note": "not yet a key"}\n');
    expect(await tree.files()).toEqual(['key.json', 'src/a.py']);
    writeFileSync(join(root, 'key.json'), JSON.stringify({ type: 'service_account', private_key: 'abc', client_email: 'x@y' }));
    trees.onDiskChange(join(root, 'key.json'), 'changed');
    expect(await tree.files()).toEqual(['src/a.py']);
    writeFileSync(join(root, '.gitignore'), 'src/\n');
    trees.onDiskChange(join(root, '.gitignore'), 'changed');
    expect(await tree.files()).toEqual(['.gitignore']);
  });

  it('ignores changes inside .git and outside its folders', async () => {
    const tree = trees.tree(options());
    await tree.files();
    writeFileSync(join(root, 'src/b.py'), 'b = 2\n');
    trees.onDiskChange(join(root, '.git', 'index'), 'changed');
    trees.onDiskChange(join(root, '.git', 'objects', 'ab'), 'created');
    trees.onDiskChange(`${root}-other/x.py`, 'created');
    expect(await tree.files()).toEqual(['src/a.py']);
  });
});
