import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolError } from '../../src/workspace/fileTree.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { rgOracle } from './rgOracle.js';
import {
  LARGE_FILE,
  LARGE_FILE_LINES,
  OUTSIDE_SECRET,
  largeFileLine,
  makeWorkspace,
  type TestWorkspace,
} from '../fixtures/makeWorkspace.js';

let ws: TestWorkspace;
let tree: WorkspaceTree;
beforeAll(() => {
  ws = makeWorkspace('basic');
  tree = new WorkspaceTree({ roots: [{ path: ws.root }] });
});
afterAll(() => ws.cleanup());

async function refusal(action: Promise<unknown>): Promise<string> {
  const error: unknown = await action.then(
    () => new Error('expected a refusal'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ToolError);
  return (error as ToolError).message;
}

describe('read', () => {
  it('reads text files whole, unicode names included', async () => {
    expect(await tree.read('src/credentials.ts')).toContain('Not a secret');
    expect(await tree.read('./docs/naïve café.md')).toContain('Crème brûlée');
    expect(await tree.read('docs/日本語.md')).toContain('こんにちは世界');
  });

  it('decodes Latin-1 and UTF-16 files', async () => {
    expect(await tree.read('src/legacy/latin1.txt')).toBe('café crème\nnaïve résumé\nplain ascii hello\n');
    expect(await tree.read('src/legacy/utf16.txt')).toBe('utf sixteen hello\nzweite Zeile ü\n');
  });

  it('refuses paths outside the root', async () => {
    expect(await refusal(tree.read('../x'))).toMatch(/uses "\.\."/);
    expect(await refusal(tree.read('a/../../x'))).toMatch(/uses "\.\."/);
    expect(await refusal(tree.read('/etc/passwd'))).toMatch(/"\/etc\/passwd" is absolute/);
    expect(await refusal(tree.read(`${ws.root}/README.md`))).toMatch(/is absolute/);
    expect(await refusal(tree.read('src\\index.ts'))).toMatch(/forward slashes/);
  });

  it('never follows symlinks, inside or out of the root', async () => {
    for (const path of ['outside-file.txt', 'outside-dir/secret.txt', 'src/link-to-index.ts']) {
      expect(await refusal(tree.read(path))).toBe(`No such file: "${path}" (use glob/ls to find paths).`);
    }
    expect((await tree.files()).some((path) => path.startsWith('outside'))).toBe(false);
  });

  it('refuses secret files even when asked directly, in the words used for a missing file', async () => {
    for (const path of ['.env', '.env.local', 'id_rsa', 'config/server.pem', '.npmrc', '.aws/credentials', 'credentials.json']) {
      expect(await refusal(tree.read(path))).toBe(`No such file: "${path}" (use glob/ls to find paths).`);
    }
    expect(await refusal(tree.stat('.env'))).toBe('No such file: ".env" (use glob/ls to find paths).');
    expect(await refusal(tree.lines('.env', 1, 1))).toBe('No such file: ".env" (use glob/ls to find paths).');
  });

  it('gives hidden paths (ignored, .git, secret, links) the message of a missing one, so none can be probed', async () => {
    const message = (path: string) => `No such file: ${JSON.stringify(path)} (use glob/ls to find paths).`;
    for (const path of [
      'build/out.js',
      'src/ignored.txt',
      'debug.log',
      '.git/HEAD',
      '.env',
      '.aws/credentials',
      'src/link-to-index.ts',
      'src/nope.ts',
      '.git/nope',
      'build/nope.js',
    ]) {
      expect(await refusal(tree.read(path)), path).toBe(message(path));
      expect(await refusal(tree.fingerprint(path)), path).toBe(message(path));
    }
  });

  it('explains missing and directory paths with hints drawn from the visible files only', async () => {
    expect(await refusal(tree.read('src/nope.ts'))).toBe('No such file: "src/nope.ts" (use glob/ls to find paths).');
    expect(await refusal(tree.read('lib/math.ts'))).toBe(
      'No such file: "lib/math.ts" (use glob/ls to find paths; files of that name: "src/util/math.ts").',
    );
    expect(await refusal(tree.read('basic/src/index.ts'))).toMatch(/try "src\/index.ts"/);
    expect(await refusal(tree.read('src/util/'))).toBe('"src/util" is a directory; use ls("src/util") to see what is in it.');
    expect(await refusal(tree.read(''))).toMatch(/is a directory/);
    expect(await refusal(tree.read('empty'))).toBe('No such file: "empty" (use glob/ls to find paths).');
  });

  it('refuses binary files', async () => {
    expect(await refusal(tree.read('assets/logo.png'))).toBe('"assets/logo.png" is a binary file (78 bytes); it cannot be read as text.');
    expect(await refusal(tree.lines('assets/logo.png', 1, 2))).toMatch(/binary file/);
    // Over the read limit it is still called binary (its head is sniffed before the size is judged).
    const small = new WorkspaceTree({ roots: [{ path: ws.root }], maxReadBytes: 50 });
    expect(await refusal(small.read('assets/logo.png'))).toBe('"assets/logo.png" is a binary file (78 bytes); it cannot be read as text.');
  });

  it('refuses files over the read limit with a hint', async () => {
    expect(await refusal(tree.read(LARGE_FILE))).toBe(
      '"big/large.txt" is 5.7 MB, over the 2 MB read limit; use peek("big/large.txt", start, end) or grep(pattern, {glob: "big/large.txt"}).',
    );
    const small = new WorkspaceTree({ roots: [{ path: ws.root }], maxReadBytes: 100 });
    expect(await refusal(small.read('src/index.ts'))).toMatch(/over the 100 bytes read limit/);
  });
});

describe('lines', () => {
  it('returns exact lines of a large file: first, middle, last', async () => {
    const first = await tree.lines(LARGE_FILE, 1, 3);
    expect(first).toEqual({
      path: LARGE_FILE,
      startLine: 1,
      endLine: 3,
      totalLines: LARGE_FILE_LINES,
      lines: [1, 2, 3].map(largeFileLine),
    });
    const middle = await tree.lines(LARGE_FILE, 90_000, 90_100);
    expect(middle.lines).toHaveLength(101);
    expect(middle.lines[0]).toBe(largeFileLine(90_000));
    expect(middle.lines[100]).toBe(largeFileLine(90_100));
    const last = await tree.lines(LARGE_FILE, LARGE_FILE_LINES - 1, LARGE_FILE_LINES + 50);
    expect(last.lines).toEqual([largeFileLine(LARGE_FILE_LINES - 1), largeFileLine(LARGE_FILE_LINES)]);
    expect(last.endLine).toBe(LARGE_FILE_LINES);
  });

  it('clamps ranges', async () => {
    expect(await tree.lines('src/crlf.txt', -5, 2)).toMatchObject({ startLine: 1, endLine: 2, lines: ['first line', 'second line'] });
    expect(await tree.lines('src/crlf.txt', 3, 99)).toMatchObject({ startLine: 3, endLine: 3, totalLines: 3, lines: ['third line'] });
    const empty = await tree.lines('src/crlf.txt', 10, 20);
    expect(empty.lines).toEqual([]);
    expect(empty.endLine).toBeLessThan(empty.startLine);
    expect((await tree.lines('src/crlf.txt', 2, 1)).lines).toEqual([]);
  });

  it('decodes non-UTF-8 and UTF-16 lines', async () => {
    expect((await tree.lines('src/legacy/latin1.txt', 1, 2)).lines).toEqual(['café crème', 'naïve résumé']);
    expect((await tree.lines('src/legacy/utf16.txt', 2, 2)).lines).toEqual(['zweite Zeile ü']);
  });
});

describe('stat', () => {
  it('describes text files', async () => {
    expect(await tree.stat('src/index.ts')).toMatchObject({ path: 'src/index.ts', lines: 12, language: 'typescript', binary: false });
    expect(await tree.stat('scripts/deploy')).toMatchObject({ language: 'python', lines: 2 });
    expect(await tree.stat(LARGE_FILE)).toEqual({
      path: LARGE_FILE,
      size: 6_000_000,
      lines: LARGE_FILE_LINES,
      language: 'text',
      tokens: 1_500_000,
      binary: false,
    });
  });

  it('describes binary files', async () => {
    expect(await tree.stat('assets/logo.png')).toEqual({
      path: 'assets/logo.png',
      size: 78,
      lines: 0,
      language: 'binary',
      tokens: 0,
      binary: true,
    });
  });
});

describe('nothing from outside the root', () => {
  it('does not leak the outside secret through any call', async () => {
    const results = await Promise.allSettled([
      tree.read('outside-file.txt'),
      tree.read('outside-dir/secret.txt'),
      tree.lines('outside-dir/secret.txt', 1, 10),
      tree.stat('outside-file.txt'),
      tree.fingerprint('outside-dir/secret.txt'),
      tree.grep({ pattern: OUTSIDE_SECRET, maxResults: 0 }),
      tree.grep({ pattern: 'hello', maxResults: 0, glob: ['outside-dir/**', 'outside-file.txt'] }),
    ]);
    expect(JSON.stringify(results)).not.toContain(OUTSIDE_SECRET);
    const grep = results[5];
    expect(grep.status === 'fulfilled' && grep.value.matches.rows()).toEqual([]);
  });

  it('would leak if symlinks were followed (so the checks above can fail)', () => {
    const followed = rgOracle(ws.root, ['--follow', '-e', OUTSIDE_SECRET])
      .map((m) => m.path)
      .sort();
    expect(followed).toEqual(['outside-dir/secret.txt', 'outside-file.txt']);
  });

  it('refuses a listed file that became a link out of the root after listing', async () => {
    const changing = makeWorkspace('second');
    try {
      const fresh = new WorkspaceTree({ roots: [{ path: changing.root }] });
      expect(await fresh.files()).toContain('README.md');
      rmSync(join(changing.root, 'README.md'));
      symlinkSync(join(changing.outside, 'secret.txt'), join(changing.root, 'README.md'));
      expect(await refusal(fresh.read('README.md'))).toBe(
        '"README.md" leads outside the workspace (through a symbolic link) and cannot be read.',
      );
      expect(await refusal(fresh.lines('README.md', 1, 1))).toMatch(/leads outside/);
      expect(await refusal(fresh.fingerprint('README.md'))).toMatch(/leads outside/);
      fresh.refresh();
      expect(await fresh.files()).not.toContain('README.md');
    } finally {
      changing.cleanup();
    }
  });
});
