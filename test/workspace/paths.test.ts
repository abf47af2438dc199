import { describe, expect, it } from 'vitest';
import { ToolError } from '../../src/workspace/fileTree.js';
import { parseWorkspacePath } from '../../src/workspace/paths.js';

const single = ['app'];
const multi = ['web', 'api'];

function refusal(input: unknown, roots: readonly string[] = single): string {
  try {
    parseWorkspacePath(input, roots);
  } catch (error) {
    expect(error).toBeInstanceOf(ToolError);
    return (error as ToolError).message;
  }
  throw new Error(`${JSON.stringify(input)} was accepted`);
}

describe('parseWorkspacePath', () => {
  it.each([
    ['a/b', 'a/b'],
    ['./a/b', 'a/b'],
    ['a//b/', 'a/b'],
    ['a/./b', 'a/b'],
    ['src/', 'src'],
    ['', ''],
    ['.', ''],
    ['docs/naïve café.md', 'docs/naïve café.md'],
  ])('normalises %j to %j', (input, expected) => {
    expect(parseWorkspacePath(input, single)).toEqual({ rootIndex: 0, relative: expected, workspacePath: expected });
  });

  it('refuses absolute paths with a hint', () => {
    expect(refusal('/etc/passwd')).toBe('Paths are relative to the workspace root, like "src/index.ts"; "/etc/passwd" is absolute.');
    expect(refusal('C:\\x')).toMatch(/is absolute/);
    expect(refusal('c:/x')).toMatch(/is absolute/);
    expect(refusal('\\\\server\\share')).toMatch(/is absolute/);
    expect(refusal('~/.ssh/id_rsa')).toMatch(/is absolute/);
    expect(refusal('file:///etc/passwd')).toMatch(/is absolute/);
  });

  it('refuses any ".." segment', () => {
    expect(refusal('../x')).toMatch(/"\.\.\/x" uses "\.\."/);
    expect(refusal('a/../../x')).toMatch(/uses "\.\."/);
    expect(refusal('a/..')).toMatch(/uses "\.\."/);
  });

  it('refuses backslashes, NUL bytes and non-strings', () => {
    expect(refusal('src\\index.ts')).toBe('Use forward slashes in paths: "src/index.ts" instead of "src\\\\index.ts".');
    expect(refusal('a\0b')).toMatch(/NUL byte/);
    expect(refusal(42)).toMatch(/got number instead of a string/);
    expect(refusal(undefined)).toMatch(/got undefined/);
  });

  it('keeps names that merely contain dots', () => {
    expect(parseWorkspacePath('a/..b/c..', single).relative).toBe('a/..b/c..');
  });

  describe('with several roots', () => {
    it('takes the first segment as the root name', () => {
      expect(parseWorkspacePath('api/src/x.ts', multi)).toEqual({ rootIndex: 1, relative: 'src/x.ts', workspacePath: 'api/src/x.ts' });
      expect(parseWorkspacePath('./web/', multi)).toEqual({ rootIndex: 0, relative: '', workspacePath: 'web' });
      expect(parseWorkspacePath('', multi)).toEqual({ rootIndex: undefined, relative: '', workspacePath: '' });
    });

    it('lists the root names when the first segment is unknown', () => {
      const message = refusal('src/x.ts', multi);
      expect(message).toMatch(/"src\/x.ts" does not start with a workspace folder name/);
      expect(message).toContain('"web", "api"');
    });
  });
});
