// A new process over a warm cache: prefetch() lists the tree and reads the symbol cache's pack
// while the sandbox starts, so the first cell finds both done. Real folder, real rg, real grammars.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace, type WorkspaceOptions } from '../../src/host/workspace.js';

let root: string;
let cacheDir: string;
const LAST_HOUR = new Date(Date.now() - 3_600_000);
const options = (): WorkspaceOptions => ({
  roots: [{ path: root }],
  allowSecrets: false,
  symbolCacheDir: cacheDir,
  sandbox: { engine: 'quickjs' },
});

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'rlm-host-workspace-'));
  cacheDir = mkdtempSync(join(tmpdir(), 'rlm-host-cache-'));
  writeFileSync(join(root, 'a.py'), 'def alpha():\n    return 1\n');
  utimesSync(join(root, 'a.py'), LAST_HOUR, LAST_HOUR); // old enough for the cache to trust its mtime
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('HostWorkspace.prefetch', () => {
  it('has the listing and the symbol pack loaded before the first call asks for them', async () => {
    const cold = openWorkspace(options());
    expect((await cold.symbolsFor(cold.tree).symbols('a.py')).symbols.value().map((s) => s.name)).toEqual(['alpha']);
    await cold.dispose(); // writes the pack

    const warm = openWorkspace(options());
    try {
      await warm.prefetch();
      // What changes on disk after the prefetch is not seen: both were read before. (The same
      // size and mtime with other names: only the pack read before can still say alpha.)
      writeFileSync(join(root, 'b.py'), 'b = 2\n');
      rmSync(join(cacheDir, 'symbols.pack'));
      writeFileSync(join(root, 'a.py'), 'def gamma():\n    return 1\n');
      utimesSync(join(root, 'a.py'), LAST_HOUR, LAST_HOUR);
      expect(await warm.tree.files()).toEqual(['a.py']);
      expect((await warm.symbolsFor(warm.tree).symbols('a.py')).symbols.value().map((s) => s.name)).toEqual(['alpha']);
    } finally {
      await warm.dispose();
    }
  });
});
