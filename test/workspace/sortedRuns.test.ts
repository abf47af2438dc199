import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkRoot } from '../../src/workspace/listing.js';
import { PathRuns, SORTED_RUN } from '../../src/workspace/pathRuns.js';
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

describe('the listing sorted a run at a time while the thread waits for ripgrep', () => {
  it('gathers runs unsorted, and sorts the oldest full one each time the thread is idle', () => {
    const reversed = [...expected].reverse();
    const runs = new PathRuns();
    for (const path of reversed) runs.add(path);
    // A thread busy through the whole walk spends nothing on sorting: the final sort does it, after the counts.
    expect(runs.paths()).toEqual(reversed);
    expect(runs.sortOne()).toBe(true);
    const once = runs.paths();
    expect(descents(once.slice(0, SORTED_RUN))).toBe(0);
    expect(once.slice(SORTED_RUN)).toEqual(reversed.slice(SORTED_RUN));
    expect(runs.sortOne()).toBe(true);
    expect(descents(runs.paths().slice(SORTED_RUN, 2 * SORTED_RUN))).toBe(0);
    // The last run, not full yet, waits for the final sort.
    expect(runs.sortOne()).toBe(false);
    expect([...runs.paths()].sort()).toEqual(expected);
  });

  it('hands over every path of the walk, which sorts to code-unit order', async () => {
    const files = await walkRoot(root, { allowSecrets: false, exclude: [] });
    expect(files.length).toBeGreaterThan(2 * SORTED_RUN);
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
