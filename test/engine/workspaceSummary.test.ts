import { describe, expect, it } from 'vitest';
import { summarizeWorkspace } from '../../src/engine/workspaceSummary.js';
import type { FileTree } from '../../src/workspace/fileTree.js';

/** A tree of generated paths; only what the summary reads is implemented, and sizes must not be asked for. */
class GeneratedTree implements Pick<FileTree, 'roots' | 'files' | 'sizes'> {
  readonly roots = ['project'];
  constructor(private readonly paths: string[]) {}
  files = async () => this.paths;
  sizes = async (): Promise<number[]> => {
    throw new Error('the summary stat-ed every file');
  };
}

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
    expect(text).toBe(
      [
        'Workspace: project — 4 files',
        'Languages: typescript 2, markdown 1, python 1',
        'Top level:',
        '  src/  (3 files)',
        '  README.md',
      ].join('\n'),
    );
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
