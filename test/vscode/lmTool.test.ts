// The ask_rlm tool's contribution and the text it returns to the calling model.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CANCEL_RUNNING_TITLE,
  lmToolBusyText,
  lmToolFailureText,
  lmToolResultText,
  SET_API_KEY_TITLE,
} from '../../src/vscode/lmToolText.js';

interface ToolContribution {
  name: string;
  toolReferenceName: string;
  canBeReferencedInPrompt: boolean;
  userDescription: string;
  modelDescription: string;
  inputSchema: { type: string; properties: Record<string, { type: string }>; required: string[] };
}
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  contributes: { languageModelTools: ToolContribution[]; commands: Array<{ command: string; title: string; category?: string }> };
};

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

describe('lmToolFailureText (the error a failed run throws to the calling model)', () => {
  const auth = {
    kind: 'auth' as const,
    message: 'http://h/v1 needs an API key and none was set (401): Incorrect API key provided.',
    status: 401,
    baseUrl: 'http://h/v1',
    keySent: false,
  };

  it('names the palette command the user must run for a missing key, once, with no CLI flags', () => {
    const text = lmToolFailureText({ failure: auth, reason: `the model failed: ${auth.message}` });
    expect(text).toBe(
      'The ask_rlm run failed: http://h/v1 needs an API key and none was set (401): Incorrect API key provided. Set its API key. ' +
        'Only the user can fix this: ask them to run "RLM: Set API Key for OpenAI-compatible Model" from the Command Palette. Calling ask_rlm again fails until then.',
    );
    expect(text.match(/Incorrect API key provided/g)).toHaveLength(1);
    expect(text).not.toMatch(/--api-key|OPENAI_API_KEY|\.\./);
  });

  it('the command titles are the ones the palette shows', () => {
    const title = (id: string) => {
      const command = manifest.contributes.commands.find((c) => c.command === id)!;
      return `${command.category}: ${command.title}`;
    };
    expect(SET_API_KEY_TITLE).toBe(title('rlm.setApiKey'));
    expect(CANCEL_RUNNING_TITLE).toBe(title('rlm.cancel'));
  });

  it('names the setting for an unreachable server, and says when calling again may work', () => {
    const unreachable = lmToolFailureText({
      failure: {
        kind: 'unreachable',
        message: 'No model server answers at http://127.0.0.1:9/v1 (ECONNREFUSED).',
        baseUrl: 'http://127.0.0.1:9/v1',
      },
    });
    expect(unreachable).toBe(
      'The ask_rlm run failed: No model server answers at http://127.0.0.1:9/v1 (ECONNREFUSED). Check "rlm.baseUrl", and that the server is running. ' +
        'Only the user can fix this, in the VS Code setting "rlm.baseUrl" (Command Palette: "Preferences: Open Settings (UI)", search rlm.baseUrl). Calling ask_rlm again fails until then.',
    );
    const server = lmToolFailureText({
      failure: { kind: 'server', message: 'http://h/v1 failed (500): boom', status: 500, baseUrl: 'http://h/v1' },
    });
    expect(server).toBe(
      'The ask_rlm run failed: http://h/v1 failed (500): boom. Retry in a moment. Calling ask_rlm again in a moment may work.',
    );
  });

  it('a failure without a type (the workspace could not open) keeps its reason', () => {
    expect(lmToolFailureText({ reason: 'the folder is gone' })).toBe('The ask_rlm run failed: the folder is gone.');
  });
});

describe('lmToolBusyText', () => {
  it('tells the calling agent nothing ran, which question holds the tool, and its two ways on', () => {
    const text = lmToolBusyText('Where are retries handled?');
    expect(text).toMatch(/^ask_rlm did not run: /);
    expect(text).toContain('still answering “Where are retries handled?”');
    expect(text).toContain('Call ask_rlm again once that run has finished');
    expect(text).toContain(`ask the user whether to cancel it ("${CANCEL_RUNNING_TITLE}" in the Command Palette`);
  });
});
