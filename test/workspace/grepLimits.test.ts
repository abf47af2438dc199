// A valid pattern that PCRE2 cannot run over a long line (rg: "PCRE2: error matching: JIT stack
// limit reached") is reported as that, with what to do, never as an invalid pattern.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolError } from '../../src/workspace/fileTree.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { createReplApi } from '../../src/engine/repl/replApi.js';
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';

let root: string;
let tree: WorkspaceTree;
beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'rlm-grep-limit-')));
  mkdirSync(join(root, 'dist'));
  // A minified bundle: one 900 KB line.
  writeFileSync(join(root, 'dist/bundle.min.js'), `var a=${'ab,'.repeat(300_000)};\n`);
  writeFileSync(join(root, 'notes.md'), 'see list,of,names;\n');
  tree = new WorkspaceTree({ roots: [{ path: root }] });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Look-ahead makes rg pick PCRE2; an alternation under a repeat backtracks once per character.
const PATTERN = '(\\w|,)*(?=;)';

describe('grep when PCRE2 runs out of backtracking room', () => {
  it('throws a ToolError naming the file and the fix when nothing else matched', async () => {
    const error: unknown = await tree.grep({ pattern: PATTERN, glob: ['dist/**'], maxResults: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    const message = (error as Error).message;
    expect(message).not.toMatch(/not a valid regular expression/);
    expect(message).toContain('is valid, but it backtracks too much');
    expect(message).toContain('JIT stack limit reached');
    expect(message).toContain('dist/bundle.min.js');
    expect(message).toMatch(/\[ab\]\* rather than \(a\|b\)\*/);
  });

  it('keeps the other files’ matches and adds a note', async () => {
    const result = await tree.grep({ pattern: PATTERN, maxResults: 0 });
    expect(result.matches.rows().map((m) => m.path)).toEqual(['notes.md']);
    expect(result.note).toContain('1 file: dist/bundle.min.js');
  });

  it('shows the note to model code beside the matches', async () => {
    const { api, globals } = createReplApi({ tree, query: 'Where are the names listed?' });
    const sandbox = await IsolatedVmSandbox.create({ functions: api.hostFunctions(), globals, cellTimeoutMs: 10_000 });
    try {
      const result = await sandbox.run(`print(grep(${JSON.stringify(PATTERN)}).map(m => m.path))`);
      expect(result.error).toBeUndefined();
      expect(result.output).toContain('notes.md');
      expect(result.output).toMatch(/\[grep pattern .* is valid, but it backtracks too much .*dist\/bundle\.min\.js/);
    } finally {
      sandbox.dispose();
    }
  });

  it('still calls a broken pattern invalid', async () => {
    await expect(tree.grep({ pattern: '(\\w|,*(?=;)', maxResults: 0 })).rejects.toThrow(/is not a valid regular expression/);
  });
});
