// The outline's import scan: its grep skips redaction (only module words are kept, for ranking,
// so no text reaches a model, and redacting every matched file cost most of a cold outline), and
// its rankings are kept apart from the words, so an unchanged tree's outline reads only them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rankForOutline } from '../../src/symbols/importScan.js';
import { ImportTable } from '../../src/symbols/importTable.js';
import type { GrepQuery, GrepResult } from '../../src/workspace/fileTree.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';

const TOKEN = 'ghp_Q8w2E9r4T7y1U3i5O6p0A2s4D6f8G1h3J5k7';

class RecordingTree extends WorkspaceTree {
  readonly greps: GrepQuery[] = [];
  override grep(query: GrepQuery): Promise<GrepResult> {
    this.greps.push(query);
    return super.grep(query);
  }
}

describe('the import scan', () => {
  let root: string;
  let cacheDir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'rlm-import-scan-'));
    cacheDir = mkdtempSync(join(tmpdir(), 'rlm-import-scan-cache-'));
    const write = (path: string, text: string) => {
      writeFileSync(join(root, path), text);
      utimesSync(join(root, path), new Date(2020, 0, 1), new Date(2020, 0, 1));
    };
    write('util.py', 'def helper():\n    return 1\n');
    write('app.py', `import util  # GITHUB_TOKEN = "${TOKEN}"\n`);
    write('cli.py', 'from util import helper\n');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('greps without redaction, which the tree honours only when asked', async () => {
    const tree = new RecordingTree({ roots: [{ path: root }] });
    const paths = await tree.glob(['**/*.py']);
    expect(await rankForOutline(tree, paths, ['**/*.py'], new ImportTable())).toEqual(['util.py', 'app.py', 'cli.py']);
    expect(tree.greps.map((query) => query.unredacted)).toEqual([true]);
    const line = async (unredacted: boolean) =>
      (await tree.grep({ pattern: 'import util', glob: ['app.py'], maxResults: 0, unredacted })).matches.rows()[0]?.text;
    expect(await line(true)).toContain(TOKEN);
    expect(await line(false)).toBe('import util  # GITHUB_TOKEN = "«redacted: github-token»"');
  });

  it('keeps rankings as positions in their own file, read without the words', async () => {
    const tree = new WorkspaceTree({ roots: [{ path: root }] });
    const paths = await tree.glob(['**/*.py']);
    const first = new ImportTable(cacheDir);
    const ranked = await rankForOutline(tree, paths, ['**/*.py'], first);
    await first.flush();
    writeFileSync(join(cacheDir, 'imports.pack.json'), 'not json: the words file is never needed for a known ranking');
    const recorded = new RecordingTree({ roots: [{ path: root }] });
    expect(await rankForOutline(recorded, paths, ['**/*.py'], new ImportTable(cacheDir))).toEqual(ranked);
    expect(recorded.greps).toEqual([]);
    const again = new ImportTable(cacheDir);
    const { rankings } = JSON.parse(readFileSync(join(cacheDir, 'rankings.pack.json'), 'utf8')) as { rankings: Record<string, number[]> };
    const [key, positions] = Object.entries(rankings)[0]!;
    expect(positions.map((i) => paths[i])).toEqual(ranked);
    expect(await again.ranking(key, paths)).toEqual(ranked);
    expect(await again.ranking(key, paths.slice(1))).toBeUndefined(); // positions name exactly the list they ranked
  });
});

describe("the import scan's lines", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'rlm-import-forms-'));
    const write = (path: string, text: string) => {
      writeFileSync(join(root, path), text);
      utimesSync(join(root, path), new Date(2020, 0, 1), new Date(2020, 0, 1));
    };
    write('tables.py', 'def load():\n    return {}\n');
    write('codec.py', 'import tables\n');
    // Prose a JS import line would match: none of it names a module in Python.
    write('notes.py', '"""Mapping generated from "shapes" with a script."""\ndef note():\n    pass\n');
    write('shapes.py', 'def area(r):\n    return r * r\n');
    write('view.ts', "import { area } from './shapes';\n");
    write('data.csv', 'import tables\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("counts only the forms of each file's own language, whatever else shared its grep", async () => {
    const tree = new RecordingTree({ roots: [{ path: root }] });
    const pythonOnly = await tree.glob(['**/*.py']);
    const ranked = await rankForOutline(tree, pythonOnly, ['**/*.py'], new ImportTable());
    expect(ranked[0]).toBe('tables.py'); // imported by codec.py; "from "shapes"" in a docstring is no import
    expect(tree.greps[0]?.pattern).not.toContain('require');
    const table = new ImportTable();
    const everything = (await tree.files()).filter((path) => /\.(py|ts)$/.test(path));
    const mixed = await rankForOutline(tree, everything, ['**'], table);
    expect(mixed.slice(0, 2).sort()).toEqual(['shapes.py', 'tables.py']); // one importer each: view.ts and codec.py
    expect(await table.get('notes.py', await tree.fingerprint('notes.py'))).toEqual([]);
  });
});

describe('the import scan of a whole tree', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'rlm-import-all-'));
    const old = new Date(2020, 0, 1);
    for (let i = 0; i < 300; i++) {
      writeFileSync(join(root, `m${i}.py`), i === 0 ? 'def base():\n    pass\n' : 'import m0\n');
      utimesSync(join(root, `m${i}.py`), old, old);
    }
    writeFileSync(join(root, 'Makefile'), 'all:\n\tpython m1.py\n');
    writeFileSync(join(root, 'data.bin'), Buffer.alloc(4096, 1));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('greps the source files by their extensions, not every file of the tree', async () => {
    const tree = new RecordingTree({ roots: [{ path: root }] });
    const paths = (await tree.files()).filter((path) => path.endsWith('.py'));
    const ranked = await rankForOutline(tree, paths, ['**'], new ImportTable());
    expect(ranked[0]).toBe('m0.py');
    expect(tree.greps.map((query) => query.glob)).toEqual([['*.py']]);
  });
});

/** A tree whose greps wait until released: a background scan still under way. */
class HeldTree extends WorkspaceTree {
  private release?: () => void;
  private held?: Promise<void>;
  private entered?: () => void;
  /** Resolves once a held grep has started. */
  grepping?: Promise<void>;
  hold(): void {
    this.held = new Promise((resolve) => (this.release = resolve));
    this.grepping = new Promise((resolve) => (this.entered = resolve));
  }
  let(): void {
    this.release?.();
    this.held = undefined;
  }
  override async grep(query: GrepQuery): Promise<GrepResult> {
    this.entered?.();
    await this.held;
    return super.grep(query);
  }
}

describe('rankings while a scan is under way', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'rlm-import-held-'));
    const old = new Date(2020, 0, 1);
    const files: Record<string, string> = {
      'util.py': 'def helper():\n    return 1\n',
      'app.py': 'import util\n',
      'cli.py': 'from util import helper\n',
      'web/a.ts': "import { b } from './b';\n",
      'web/b.ts': 'export const b = 1;\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
      utimesSync(join(root, path), old, old);
    }
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('ranks files whose words are known without waiting for a scan of other files', async () => {
    const tree = new HeldTree({ roots: [{ path: root }] });
    const table = new ImportTable();
    const python = await tree.glob(['**/*.py']);
    await rankForOutline(tree, python, ['**/*.py'], table);
    tree.hold();
    const background = rankForOutline(tree, await tree.glob(['web/**']), ['web/**'], table);
    await tree.grepping;
    // Another set of known files: a ranking to compute, from words alone (this would hang behind the held scan).
    expect(await rankForOutline(tree, python.slice(1), ['**/*.py'], table)).toEqual(['util.py', 'cli.py']);
    tree.let();
    expect(await background).toEqual(['web/b.ts', 'web/a.ts']);
  });
});
