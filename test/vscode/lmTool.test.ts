// The ask_rlm tool's contribution and the text it returns to the calling model.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lmToolResultText } from '../../src/vscode/lmToolText.js';

interface ToolContribution {
  name: string;
  toolReferenceName: string;
  canBeReferencedInPrompt: boolean;
  userDescription: string;
  modelDescription: string;
  inputSchema: { type: string; properties: Record<string, { type: string }>; required: string[] };
}
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { languageModelTools: ToolContribution[] } };

describe('the ask_rlm contribution', () => {
  it('declares the tool the extension registers, #-referenceable, with {question, folder?}', () => {
    const [tool] = manifest.contributes.languageModelTools;
    expect(tool).toMatchObject({ name: 'ask_rlm', toolReferenceName: 'rlm', canBeReferencedInPrompt: true });
    expect(readFileSync('src/vscode/lmTool.ts', 'utf8')).toContain(`LM_TOOL_NAME = '${tool!.name}'`);
    expect(tool!.inputSchema).toEqual({
      type: 'object',
      properties: { question: expect.objectContaining({ type: 'string' }), folder: expect.objectContaining({ type: 'string' }) },
      required: ['question'],
    });
    expect(tool!.userDescription.length).toBeGreaterThan(40);
    expect(tool!.modelDescription.length).toBeGreaterThan(300);
  });
});

describe('lmToolResultText', () => {
  const roots = [{ path: '/repo', name: 'repo' }];

  it('lists each cited file once with its path on disk, and the files the run read', () => {
    const answer = 'Loaded in `src/config.ts:12` and again at src/config.ts:12; parsed in lib/parse.py:3-9.';
    const text = lmToolResultText({ answer, status: 'done', roots }, [
      { path: 'src/config.ts', startLine: 1, endLine: 40 },
      { path: 'lib/parse.py', startLine: 1, endLine: 20 },
    ]);
    expect(text).toBe(
      [
        answer,
        'Citations (workspace path → file on disk):\n- src/config.ts:12 → /repo/src/config.ts:12\n- lib/parse.py:3 → /repo/lib/parse.py:3',
        'Files the run read:\n- src/config.ts:1-40\n- lib/parse.py:1-20',
      ].join('\n\n'),
    );
  });

  it('says when the answer is partial, and why', () => {
    const text = lmToolResultText({ answer: 'So far: src/a.ts:3', status: 'cancelled', reason: 'cancelled by the user', roots }, []);
    expect(text).toBe(
      'So far: src/a.ts:3\n\nPartial answer (cancelled: cancelled by the user).\n\nCitations (workspace path → file on disk):\n- src/a.ts:3 → /repo/src/a.ts:3',
    );
  });

  it('leaves out citations that point outside the workspace and caps the list of files read', () => {
    const refs = Array.from({ length: 35 }, (_, i) => ({ path: `f${i}.ts`, startLine: 1, endLine: 2 }));
    const text = lmToolResultText({ answer: 'See ../etc/passwd.txt:1', status: 'done', roots }, refs);
    expect(text).not.toContain('Citations');
    expect(text).toContain('- f29.ts:1-2\n- … and 5 more');
    expect(text).not.toContain('f30.ts');
  });
});
