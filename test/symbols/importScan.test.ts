// The outline's import scan: its grep skips redaction (only module words are kept, for ranking,
// so no text reaches a model, and redacting every matched file cost most of a cold outline), and
// its rankings are kept apart from the words, so an unchanged tree's outline reads only them.
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
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
      (await tree.grep({ pattern: 'import util', glob: ['app.py'], maxResults: 0, unredacted })).matches[0]?.text;
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
