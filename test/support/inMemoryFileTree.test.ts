// The in-memory tree stands in for the real one in engine and symbol tests, so it must answer
// as the real tree does: the same files written to disk, the same questions, the same answers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileTree, GrepQuery } from '../../src/workspace/fileTree.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { InMemoryFileTree } from './inMemoryFileTree.js';

const FILES: Record<string, string> = {
  'README.md': '# Demo\n\nTODO: docs\n',
  'src/index.ts': "import { add } from './util/math';\n// TODO: names\nexport const total = add(1, 2);\n",
  'src/util/math.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n// todo: overflow',
  'src/util/strings.py': 'def shout(text):\n    return text.upper()\n',
  'scripts/run': '#!/usr/bin/env python3\nprint("hi")\n',
};

describe('InMemoryFileTree answers as WorkspaceTree does', () => {
  let dir: string;
  let real: FileTree;
  const fake = new InMemoryFileTree(FILES, { name: 'demo' });

  beforeAll(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'rlm-mem-')), 'demo');
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    real = new WorkspaceTree({ roots: [{ path: dir }] });
  });
  afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));

  it('lists, globs and sizes the same files', async () => {
    expect(fake.roots).toEqual([basename(dir)]);
    expect(await fake.files()).toEqual(await real.files());
    for (const patterns of [['**'], ['*.ts'], ['src/util'], ['src/index.ts'], ['src/**/*.py', 'README.md'], ['nothing/**']]) {
      expect(await fake.glob(patterns), patterns.join(' ')).toEqual(await real.glob(patterns));
    }
    const all = await real.files();
    expect(await fake.sizes(all)).toEqual(await real.sizes(all));
  });

  it('stats and reads lines the same', async () => {
    for (const path of Object.keys(FILES)) {
      expect(await fake.stat(path), path).toEqual(await real.stat(path));
      expect(await fake.read(path)).toBe(await real.read(path));
      for (const [start, end] of [
        [1, 2],
        [2, 100],
        [0, 1],
        [9, 12],
      ] as const)
        expect(await fake.lines(path, start, end)).toEqual(await real.lines(path, start, end));
    }
  });

  it('greps the same matches', async () => {
    const queries = [
      { pattern: 'TODO', maxResults: 0 },
      { pattern: 'todo', ignoreCase: true, maxResults: 0, contextLines: 1 },
      { pattern: 'a \\+ b|upper', glob: ['src/**'], maxResults: 0 },
      { pattern: 'TODO', maxResults: 1 },
    ];
    const rows = async (tree: FileTree, query: GrepQuery) => {
      const result = await tree.grep(query);
      return { ...result, matches: result.matches.rows() };
    };
    for (const query of queries) expect(await rows(fake, query), query.pattern).toEqual(await rows(real, query));
  });

  it('refuses a missing file with a hint', async () => {
    await expect(fake.read('src/nope.ts')).rejects.toThrow(/No such file: "src\/nope\.ts"/);
    await expect(real.read('src/nope.ts')).rejects.toThrow(/src\/nope\.ts/);
  });
});
