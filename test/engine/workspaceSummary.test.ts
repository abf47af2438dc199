import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { summarizeWorkspace } from '../../src/engine/workspaceSummary.js';
import type { FileTree } from '../../src/workspace/fileTree.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';

/** A tree of generated paths; only what the summary reads is implemented, and sizes must not be asked for. */
class GeneratedTree implements Pick<FileTree, 'roots' | 'files' | 'sizes'> {
  readonly roots = ['project'];
  constructor(private readonly paths: string[]) {}
  files = async () => this.paths;
  sizes = async (): Promise<number[]> => {
    throw new Error('the summary stat-ed every file');
  };
}

/** The summary of README.md, src/a.ts, src/b.ts and src/util/c.py in a root named project. */
const FOUR_FILES = [
  'Workspace: project — 4 files',
  'Languages: typescript 2, markdown 1, python 1',
  'Top level:',
  '  src/  (3 files)',
  '  README.md',
].join('\n');

function project(fileCount: number): string[] {
  const exts = ['ts', 'py', 'go', 'md', 'json', 'rs', 'java', 'c', 'rb', 'php', 'cs', 'cpp', 'kt', 'swift'];
  const top = ['src', 'lib', 'test', 'docs', 'scripts', 'packages', 'tools', 'examples', 'bench', 'vendor', 'config', 'assets'];
  const paths = ['README.md', 'package.json', 'LICENSE'];
  for (let i = 0; paths.length < fileCount; i++) paths.push(`${top[i % top.length]}/module${i % 97}/file${i}.${exts[i % exts.length]}`);
  return paths.sort();
}

describe('summarizeWorkspace', () => {
  it('gives counts of files, languages and the top level, without a stat per file', async () => {
    const text = await summarizeWorkspace(new GeneratedTree(['README.md', 'src/a.ts', 'src/b.ts', 'src/util/c.py']) as unknown as FileTree);
    expect(text).toBe(FOUR_FILES);
  });

  // Only the numbers get longer; the root prompt's ≤ 10% growth goal (issue 4) measures the whole prompt.
  it('stays the same size from 100 to 100,000 files: bounded, far under 4k tokens', async () => {
    const small = await summarizeWorkspace(new GeneratedTree(project(100)) as unknown as FileTree);
    const large = await summarizeWorkspace(new GeneratedTree(project(10_000)) as unknown as FileTree);
    const huge = await summarizeWorkspace(new GeneratedTree(project(100_000)) as unknown as FileTree);
    expect(large.split('\n')).toHaveLength(small.split('\n').length);
    expect(huge.length - small.length).toBeLessThan(200); // ≈ 50 tokens of longer numbers
    expect(huge.length / 4).toBeLessThan(500);
    expect(large).toMatch(/^Workspace: project — 10,000 files/);
  });
});

const PEM = `-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----\n`;
const SERVICE_ACCOUNT = JSON.stringify({ type: 'service_account', client_email: 'ci@p.iam.gserviceaccount.com', private_key: PEM });

/** Folders on disk with the given files; removed after each test. */
const folders: string[] = [];
function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'rlm-summary-'));
  folders.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
afterEach(() => {
  for (const root of folders.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** The same tree seen only through its sorted listing, as before the counts. */
const listingOnly = (tree: WorkspaceTree) =>
  ({ roots: tree.roots, files: (signal?: AbortSignal) => tree.files(signal) }) as unknown as FileTree;

/** FOUR_FILES's files and three credential files by content: at the top level, alone in a folder, in src/keys/. */
const FOUR_FILES_AND_KEYS = {
  'README.md': '# app\n',
  'gcp-key.json': SERVICE_ACCOUNT,
  'creds/deploy.json': SERVICE_ACCOUNT,
  'src/a.ts': 'export {};\n',
  'src/b.ts': 'export {};\n',
  'src/keys/ci.json': SERVICE_ACCOUNT,
  'src/util/c.py': 'print(1)\n',
};

describe('summarizeWorkspace over a workspace on disk (counted as ripgrep lists)', () => {
  it('neither counts nor names a file that is a credential by content, nor a folder holding only one', async () => {
    const root = folder(FOUR_FILES_AND_KEYS);
    const tree = new WorkspaceTree({ roots: [{ path: root, name: 'project' }] });
    const text = await summarizeWorkspace(tree);
    expect(text).toBe(FOUR_FILES);
    expect(await summarizeWorkspace(listingOnly(new WorkspaceTree({ roots: [{ path: root, name: 'project' }] })))).toBe(text);
  });

  it('is ready before the listing is sorted, so the first request does not wait for it', async () => {
    const root = folder(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`pkg${i % 7}/m${i}.py`, 'x = 1\n'])));
    const tree = new WorkspaceTree({ roots: [{ path: root }] });
    const order: string[] = [];
    const listed = tree.files().then(() => order.push('listing'));
    const summarized = summarizeWorkspace(tree).then(() => order.push('summary'));
    await Promise.all([listed, summarized]);
    expect(order).toEqual(['summary', 'listing']);
  });

  it("counts a listing made before any summary was asked for (a glob's) from its visible files, hidden ones left out", async () => {
    const root = folder(FOUR_FILES_AND_KEYS);
    const tree = new WorkspaceTree({ roots: [{ path: root, name: 'project' }] });
    await tree.glob(['**/*']); // listed and sorted, nothing counted
    expect(await summarizeWorkspace(tree)).toBe(FOUR_FILES);
    const multi = new WorkspaceTree({
      roots: [
        { path: root, name: 'project' },
        { path: folder({ 'main.go': 'package main\n' }), name: 'api' },
      ],
    });
    await multi.files();
    expect(await summarizeWorkspace(multi)).toBe(
      [
        'Workspace: project, api — 5 files',
        'Languages: typescript 2, go 1, markdown 1, python 1',
        'Top level:',
        '  project/  (4 files)',
        '  api/  (1 file)',
      ].join('\n'),
    );
  });

  it('gives each root of a multi-root workspace as one top-level folder, as the listing does', async () => {
    const web = folder({ 'index.ts': 'export {};\n', 'ui/app.tsx': 'export {};\n', '.env': 'TOKEN=abc\n' });
    const api = folder({ 'main.py': 'print(1)\n' });
    const empty = folder({ '.env': 'TOKEN=abc\n' });
    const roots = [
      { path: web, name: 'web' },
      { path: api, name: 'api' },
      { path: empty, name: 'empty' },
    ];
    const text = await summarizeWorkspace(new WorkspaceTree({ roots }));
    expect(text).toBe(
      [
        'Workspace: web, api, empty — 3 files',
        'Languages: python 1, typescript 1, typescriptreact 1',
        'Top level:',
        '  web/  (2 files)',
        '  api/  (1 file)',
      ].join('\n'),
    );
    expect(await summarizeWorkspace(listingOnly(new WorkspaceTree({ roots })))).toBe(text);
  });
});
