// The extension keeps each workspace's listing between questions (a TreeCache in the
// RunService): the next question's first request waits for no ripgrep walk, and what the file
// watcher reports is listed again. A real workspace, a real sandbox, scripted models.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunHistory } from '../../src/vscode/runs/runHistory.js';
import { RunService, type RunRequest } from '../../src/vscode/runs/runService.js';
import { readSettings } from '../../src/vscode/settings.js';
import { TreeCache } from '../../src/workspace/treeCache.js';
import { makeWorkspace, type TestWorkspace } from '../fixtures/makeWorkspace.js';
import { js, ScriptedModel } from '../support/scriptedModel.js';
import { InMemoryMemento, QuietLogger } from './fakes.js';

let ws: TestWorkspace;
let storageDir: string;
beforeAll(() => {
  ws = makeWorkspace('basic');
  storageDir = mkdtempSync(join(tmpdir(), 'rlm-warm-'));
});
afterAll(() => {
  ws.cleanup();
  rmSync(storageDir, { recursive: true, force: true });
});

/** A question whose model answers with whether the workspace lists `docs/new.md`. */
const askForNewFile = (): RunRequest => {
  const model = new ScriptedModel('root-model', () => js('FINAL(String(glob("docs/new.md").length))'));
  return {
    question: 'Is there a new note?',
    roots: [{ path: ws.root, name: 'basic' }],
    settings: { ...readSettings({ get: () => undefined }), sandboxEngine: 'quickjs', cache: false },
    models: { root: model, sub: model, price: () => undefined },
  };
};

describe('warm listing in the extension', () => {
  it('the next question reuses the listing until the watcher reports a new file', async () => {
    const trees = new TreeCache(0);
    const runs = new RunService({ storageDir, history: new RunHistory(new InMemoryMemento()), log: new QuietLogger(), trees });
    expect((await runs.run(askForNewFile())).answer).toBe('0');
    writeFileSync(join(ws.root, 'docs', 'new.md'), '# new\n');
    expect((await runs.run(askForNewFile())).answer).toBe('0'); // kept: no ripgrep walk for this question
    trees.onDiskChange(join(ws.root, 'docs', 'new.md'), 'created');
    expect((await runs.run(askForNewFile())).answer).toBe('1');
    trees.dispose();
  });

  it('without a tree cache every question lists anew', async () => {
    const runs = new RunService({ storageDir, history: new RunHistory(new InMemoryMemento()), log: new QuietLogger() });
    rmSync(join(ws.root, 'docs', 'new.md'), { force: true });
    expect((await runs.run(askForNewFile())).answer).toBe('0');
    writeFileSync(join(ws.root, 'docs', 'new.md'), '# new\n');
    expect((await runs.run(askForNewFile())).answer).toBe('1');
  });
});
