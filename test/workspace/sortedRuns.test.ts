import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SORTED_RUN, walkRoot } from '../../src/workspace/listing.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';

// More than two runs of files over folders whose names sort around "/" (".", "-", "0"), so
// ripgrep's order (per folder, as its threads read them) is far from code-unit order.
const FOLDERS = ['a', 'a-b', 'a.b', 'a0', 'b/c', 'b/c.d', 'b/c/d', 'Z', 'é', '日本'];
const PER_FOLDER = Math.ceil((2 * SORTED_RUN + 100) / FOLDERS.length);

let root: string;
let expected: string[];
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rlm-sorted-runs-'));
  expected = [];
  for (const folder of FOLDERS) {
    mkdirSync(join(root, folder), { recursive: true });
    for (let i = 0; i < PER_FOLDER; i++) {
      const name = `${(i * 7919) % PER_FOLDER}${i % 3 ? '.py' : '_x'}`;
      writeFileSync(join(root, folder, name), '');
      expected.push(`${folder}/${name}`);
    }
  }
  expected.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the listing sorted a run at a time during the walk', () => {
  it('hands over its paths in sorted runs, so the sort at the end only merges them', async () => {
    const files = await walkRoot(root, { allowSecrets: false, exclude: [] });
    expect(files.length).toBe(expected.length);
    expect(files.length).toBeGreaterThan(2 * SORTED_RUN);
    const runs = [files.slice(0, SORTED_RUN), files.slice(SORTED_RUN, 2 * SORTED_RUN)];
    for (const run of runs) expect(descents(run)).toBe(0);
    expect([...files].sort()).toEqual(expected);
  });

  it('lists the tree in code-unit order, across runs and folders', async () => {
    const tree = new WorkspaceTree({ roots: [{ path: root }] });
    expect(await tree.files()).toEqual(expected);
    expect(await tree.glob(['**/*'])).toEqual(expected);
  });
});

/** Places where a path sorts before the one ahead of it: 0 for a sorted run. */
function descents(paths: readonly string[]): number {
  return paths.filter((path, i) => i > 0 && path < paths[i - 1]!).length;
}
