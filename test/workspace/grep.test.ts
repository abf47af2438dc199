import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolError, type GrepQuery } from '../../src/workspace/fileTree.js';
import { truncateLine } from '../../src/workspace/grep.js';
import { runRipgrep } from '../../src/workspace/ripgrep.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { OUTSIDE_SECRET, makeWorkspace, type TestWorkspace } from '../fixtures/makeWorkspace.js';
import { keyed, rgOracle } from './rgOracle.js';

/** Files the fixture holds that the tree must hide; the plain-rg reference sees them. */
const SECRET_FILES = new Set(['.aws/credentials', '.env', '.env.local', '.npmrc', 'config/server.pem', 'credentials.json', 'id_rsa']);

let ws: TestWorkspace;
let tree: WorkspaceTree;
beforeAll(() => {
  ws = makeWorkspace('basic');
  tree = new WorkspaceTree({ roots: [{ path: ws.root }] });
});
afterAll(() => ws.cleanup());

function reference(args: string[]): string[] {
  const matches = rgOracle(ws.root, args).filter((m) => !SECRET_FILES.has(m.path));
  return keyed(matches.map((m) => ({ ...m, text: truncateLine(m.text, undefined, m.column - 1) })));
}

async function ours(query: Omit<GrepQuery, 'maxResults'>): Promise<string[]> {
  const result = await tree.grep({ maxResults: 0, ...query });
  expect(result.truncated).toBe(false);
  return keyed(result.matches.rows());
}

describe('grep matches ripgrep itself', () => {
  it.each<[string, Omit<GrepQuery, 'maxResults'>, string[]]>([
    ['a literal', { pattern: 'hello' }, ['-e', 'hello']],
    ['a regex with classes', { pattern: '\\b[a-z]+\\(\\w+: number' }, ['-e', '\\b[a-z]+\\(\\w+: number']],
    ['ignoreCase', { pattern: 'todo', ignoreCase: true }, ['-i', '-e', 'todo']],
    ['a look-behind (PCRE2)', { pattern: '(?<=const )\\w+' }, ['-P', '-e', '(?<=const )\\w+']],
    ['a glob filter', { pattern: 'e', glob: ['src/**/*.ts'] }, ['--glob', 'src/**/*.ts', '-e', 'e']],
    ['a basename glob', { pattern: 'e', glob: ['*.md'] }, ['--glob', '*.md', '-e', 'e']],
    ['unicode text', { pattern: 'café|こんにちは|ünï|🎉|カフェ' }, ['-e', 'café|こんにちは|ünï|🎉|カフェ']],
    ['non-UTF-8 lines', { pattern: 'sum|ve r' }, ['-e', 'sum|ve r']],
    [
      'a multiline pattern',
      { pattern: 'string \\{\\n\\s+return', multiline: true },
      ['--multiline', '--multiline-dotall', '-e', 'string \\{\\n\\s+return'],
    ],
  ])('%s', async (_name, query, args) => {
    const expected = reference(args);
    expect(expected.length).toBeGreaterThan(0);
    expect(await ours(query)).toEqual(expected);
  });

  it('hides secret files that plain rg would search', async () => {
    const raw = rgOracle(ws.root, ['-e', 'FAKE']).map((m) => m.path);
    expect(raw).toEqual(expect.arrayContaining([...SECRET_FILES]));
    expect(await ours({ pattern: 'FAKE' })).toEqual([]);
    expect(await ours({ pattern: 'FAKE', glob: ['.env', '**/*.pem', 'id_rsa', '.aws/**'] })).toEqual([]);
  });

  it('finds secrets only with allowSecrets (and redaction off: their values are credentials)', async () => {
    const open = new WorkspaceTree({ roots: [{ path: ws.root }], allowSecrets: true, redactSecrets: false });
    const paths = (await open.grep({ pattern: 'FAKE', maxResults: 0 })).matches.rows().map((m) => m.path);
    expect(paths.sort()).toEqual([...SECRET_FILES].sort());
  });

  it('never reports ignored, symlinked or outside files', async () => {
    const result = await tree.grep({ pattern: 'hello', maxResults: 0 });
    const paths = new Set(result.matches.rows().map((m) => m.path));
    const visible = new Set(await tree.files());
    for (const path of paths) expect(visible.has(path)).toBe(true);
    expect(JSON.stringify(result)).not.toContain(OUTSIDE_SECRET);
    expect(paths.has('build/out.js')).toBe(false);
    expect(paths.has('debug.log')).toBe(false);
    expect(paths.has('src/link-to-index.ts')).toBe(false);
    expect(paths.has('assets/logo.png')).toBe(false);
    expect(paths.has('.git/HEAD')).toBe(false);
  });
});

describe('grep results', () => {
  it('sorts by path then line and cuts at maxResults', async () => {
    const all = (await tree.grep({ pattern: 'hello', maxResults: 0 })).matches.rows();
    const sorted = [...all].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
    expect(all).toEqual(sorted);
    const firstThree = await tree.grep({ pattern: 'hello', maxResults: 3 });
    expect({ ...firstThree, matches: firstThree.matches.rows() }).toEqual({ matches: all.slice(0, 3), truncated: true });
    expect((await tree.grep({ pattern: 'hello', maxResults: all.length })).truncated).toBe(false);
  });

  it('keeps the first lines of a file when it has more matches than maxResults', async () => {
    const result = await tree.grep({ pattern: '^line 0000', maxResults: 5, glob: ['big/large.txt'] });
    expect(result.truncated).toBe(true);
    expect(result.matches.rows().map((m) => m.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives each context line to the nearest match', async () => {
    const matches = (await tree.grep({ pattern: 'return', glob: ['src/util/math.ts'], contextLines: 2, maxResults: 0 })).matches.rows();
    expect(matches).toEqual([
      {
        path: 'src/util/math.ts',
        line: 2,
        column: 3,
        text: '  return a + b;',
        before: ['export function add(a: number, b: number): number {'],
        after: ['}', ''],
      },
      {
        path: 'src/util/math.ts',
        line: 6,
        column: 3,
        text: '  return a * b;',
        before: ['export function multiply(a: number, b: number): number {'],
        after: ['}', ''],
      },
    ]);
  });

  it('cuts very long lines with a marker', async () => {
    const [match] = (await tree.grep({ pattern: 'hello', glob: ['src/minified.js'], maxResults: 0 })).matches.rows();
    expect(match.column).toBe(5);
    expect(match.text).toHaveLength(1000 + '… [+3012 chars]'.length);
    expect(match.text.endsWith('… [+3012 chars]')).toBe(true);
  });

  it('keeps a match deep inside a long line in view', async () => {
    const [match] = (await tree.grep({ pattern: 'x=1;$', glob: ['src/minified.js'], maxResults: 0 })).matches.rows();
    expect(match.column).toBe(4009);
    expect(match.text).toBe(`[3012 chars] …${'x=1;'.repeat(250)}`);
  });

  it('treats an exact path as a path, not a glob, and a folder as everything in it', async () => {
    expect((await tree.grep({ pattern: 'hello', glob: ['src/routes/[id].ts'], maxResults: 0 })).matches.rows()).toHaveLength(1);
    for (const folder of ['src', 'src/', './src']) {
      const paths = (await tree.grep({ pattern: 'hello', glob: [folder], maxResults: 0 })).matches.rows().map((m) => m.path);
      expect(paths.length).toBeGreaterThan(3);
      expect(paths.every((path) => path.startsWith('src/'))).toBe(true);
    }
  });

  it("turns an invalid pattern into a ToolError with rg's message", async () => {
    const error: unknown = await tree.grep({ pattern: '(foo', maxResults: 0 }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as Error).message).toMatch(/^grep pattern "\(foo" is not a valid regular expression: .*unclosed group/s);
  });

  it('refuses bad options', async () => {
    await expect(tree.grep({ pattern: 'x', maxResults: -1 })).rejects.toThrow(ToolError);
    await expect(tree.grep({ pattern: 'x', maxResults: 0, contextLines: 1.5 })).rejects.toThrow(/contextLines/);
  });

  it('accepts patterns that look like flags', async () => {
    const matches = (await tree.grep({ pattern: '--no-warnings|-S', maxResults: 0 })).matches.rows();
    expect(matches).toEqual([]);
  });
});

describe('cancellation', () => {
  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(tree.grep({ pattern: 'hello', maxResults: 0, signal: controller.signal })).rejects.toThrow(/abort/i);
  });

  it('kills a running rg', async () => {
    // rg blocks opening a FIFO that nobody writes to: a search that would never end.
    const fifo = join(ws.outside, 'never.fifo');
    execFileSync('mkfifo', [fifo]);
    const controller = new AbortController();
    const run = runRipgrep({
      args: ['--no-config', 'x', fifo],
      cwd: ws.outside,
      separator: '\n',
      onRecord: () => {},
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    // The FIFO never delivers: settling at all means rg was killed.
    await expect(run).rejects.toThrow(/abort/i);
  });
});
