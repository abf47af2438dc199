import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { makeWorkspace, type TestWorkspace } from '../fixtures/makeWorkspace.js';

const VISIBLE = [
  '.gitignore',
  'README.md',
  'assets/logo.png',
  'big/large.txt',
  'config/settings.json',
  'docs/naïve café.md',
  'docs/日本語.md',
  'scripts/deploy',
  'src/credentials.ts',
  'src/crlf.txt',
  'src/index.ts',
  'src/legacy/latin1.txt',
  'src/legacy/utf16.txt',
  'src/minified.js',
  'src/routes/[id].ts',
  'src/util/math.ts',
  'src/util/strings.ts',
];
const SECRETS = ['.aws/credentials', '.env', '.env.local', '.npmrc', 'config/server.pem', 'credentials.json', 'id_rsa'];

let ws: TestWorkspace;
beforeAll(() => {
  ws = makeWorkspace('basic');
});
afterAll(() => ws.cleanup());

describe('WorkspaceTree.files', () => {
  it('lists exactly the visible files, sorted: no ignored files, secrets, symlinks or .git', async () => {
    const tree = new WorkspaceTree({ roots: [{ path: ws.root }] });
    expect(tree.roots).toEqual(['basic']);
    expect(await tree.files()).toEqual(VISIBLE);
  });

  it('shows secret files when allowSecrets is on', async () => {
    const tree = new WorkspaceTree({ roots: [{ path: ws.root }], allowSecrets: true, redactSecrets: false });
    expect(await tree.files()).toEqual([...VISIBLE, ...SECRETS].sort());
    expect(await tree.read('.env')).toBe('API_KEY=FAKE-ENV-SECRET-hello\n');
    // Seeing secret files does not turn redaction off: that is its own setting.
    expect(await new WorkspaceTree({ roots: [{ path: ws.root }], allowSecrets: true }).read('.env')).toBe('API_KEY=«redacted: api-key»\n');
  });

  it('applies exclude globs', async () => {
    const tree = new WorkspaceTree({ roots: [{ path: ws.root }], exclude: ['**/*.md', 'big', 'src/legacy/**'] });
    const files = await tree.files();
    expect(files).not.toContain('README.md');
    expect(files).not.toContain('docs/日本語.md');
    expect(files).not.toContain('big/large.txt');
    expect(files).not.toContain('src/legacy/latin1.txt');
    expect(files).toContain('src/index.ts');
    await expect(tree.read('README.md')).rejects.toThrow('No such file: "README.md" (use glob/ls to find paths).');
  });

  it('caches the listing until refresh()', async () => {
    const tree = new WorkspaceTree({ roots: [{ path: ws.root }] });
    const first = await tree.files();
    expect(await tree.files()).toBe(first);
    tree.refresh();
    expect(await tree.files()).not.toBe(first);
    expect(await tree.files()).toEqual(first);
  });

  it('reports sizes in the order asked', async () => {
    const tree = new WorkspaceTree({ roots: [{ path: ws.root }] });
    expect(await tree.sizes(['src/crlf.txt', 'big/large.txt'])).toEqual([37, 200_000 * 30]);
    await expect(tree.sizes(['.env'])).rejects.toThrow(/No such file: "\.env"/);
  });

  it('fails clearly for a missing root', async () => {
    const tree = new WorkspaceTree({ roots: [{ path: `${ws.root}/does-not-exist` }] });
    await expect(tree.files()).rejects.toThrow(/Workspace folder not found/);
  });
});
