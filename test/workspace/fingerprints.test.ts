// Fingerprints of many files in one pass (an outline ranks 10,000s of files by them): the same
// answer as one path at a time, with every hidden path left out, and globs kept per listing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { makeWorkspace, type TestWorkspace } from '../fixtures/makeWorkspace.js';

let ws: TestWorkspace;
beforeAll(() => {
  ws = makeWorkspace('basic');
});
afterAll(() => ws.cleanup());

const HIDDEN = ['build/out.js', 'src/ignored.txt', '.git/HEAD', '.env', '.aws/credentials', 'src/link-to-index.ts', 'src/nope.ts', 'src'];

describe('fingerprints', () => {
  it('gives what fingerprint() gives for each listed file, and nothing for hidden paths', async () => {
    const tree = new WorkspaceTree({ roots: [{ path: ws.root }] });
    const listed = ['src/index.ts', 'README.md', 'src/credentials.ts'];
    const seen = await tree.fingerprints([...listed, ...HIDDEN]);
    expect(seen.slice(0, listed.length)).toEqual(await Promise.all(listed.map((path) => tree.fingerprint(path))));
    expect(seen.slice(0, listed.length).every((s) => s !== undefined && s.size > 0 && s.mtimeMs > 0)).toBe(true);
    expect(seen.slice(listed.length)).toEqual(HIDDEN.map(() => undefined));
  });

  it('keeps a root hidden whose name takes part in a secret rule, as one path at a time does', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'rlm-fingerprints-'));
    try {
      for (const name of ['.docker', '.aws', 'web']) {
        mkdirSync(join(folder, name));
        writeFileSync(join(folder, name, 'config.json'), '{"auths": {}}\n');
      }
      const tree = new WorkspaceTree({ roots: ['.docker', '.aws', 'web'].map((name) => ({ path: join(folder, name), name })) });
      const paths = ['.docker/config.json', '.aws/config.json', 'web/config.json'];
      const one = await Promise.allSettled(paths.map((path) => tree.fingerprint(path)));
      expect(one.map((result) => result.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
      const seen = await tree.fingerprints(paths);
      expect(seen.map((s) => s !== undefined)).toEqual([false, false, true]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('fingerprintNow', () => {
  it('answers as fingerprint() does once the listing is in hand, and leaves hidden paths to it', async () => {
    const tree = new WorkspaceTree({ roots: [{ path: ws.root }] });
    expect(tree.fingerprintNow('src/index.ts')).toBeUndefined(); // not listed yet
    await tree.files();
    const listed = ['src/index.ts', 'README.md', 'src/credentials.ts'];
    expect(listed.map((path) => tree.fingerprintNow(path))).toEqual(await Promise.all(listed.map((path) => tree.fingerprint(path))));
    expect(HIDDEN.map((path) => tree.fingerprintNow(path))).toEqual(HIDDEN.map(() => undefined));
    tree.refresh();
    expect(tree.fingerprintNow('src/index.ts')).toBeUndefined(); // the listing it dropped is not used
  });

  it('sees a file change at once: the lstat is made at each call', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'rlm-fingerprint-now-'));
    try {
      writeFileSync(join(folder, 'a.py'), 'x = 1\n');
      const tree = new WorkspaceTree({ roots: [{ path: folder }] });
      await tree.files();
      expect(tree.fingerprintNow('a.py')?.size).toBe(6);
      writeFileSync(join(folder, 'a.py'), 'x = 12\n');
      expect(tree.fingerprintNow('a.py')?.size).toBe(7);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('glob', () => {
  it('hands out results the caller may change, and globs a new listing afresh', async () => {
    const tree = new WorkspaceTree({ roots: [{ path: ws.root }] });
    const first = await tree.glob(['**/*.ts']);
    expect(first).toContain('src/index.ts');
    first.length = 0;
    expect(await tree.glob(['**/*.ts'])).toContain('src/index.ts');
    writeFileSync(join(ws.root, 'src', 'added.ts'), 'export const added = 1;\n');
    try {
      expect(await tree.glob(['**/*.ts'])).not.toContain('src/added.ts');
      tree.refresh();
      expect(await tree.glob(['**/*.ts'])).toContain('src/added.ts');
    } finally {
      rmSync(join(ws.root, 'src', 'added.ts'));
    }
  });
});
