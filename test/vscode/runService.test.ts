// The extension's runs through the Node hosts' composition root: the status the engine decided
// is what listeners hear and the history keeps; the user's settings become the run's limits
// and sandbox; a cancelled token cancels. Scripted models, a real sandbox, a real workspace.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../src/llm/types.js';
import type { Logger } from '../../src/vscode/log.js';
import type { ChosenModels } from '../../src/vscode/models/chooseModels.js';
import { RunHistory } from '../../src/vscode/runs/runHistory.js';
import { RunService, type RunEvent, type RunRequest } from '../../src/vscode/runs/runService.js';
import { readSettings, type RlmSettings } from '../../src/vscode/settings.js';
import { makeWorkspace, type TestWorkspace } from '../fixtures/makeWorkspace.js';
import { js, lastUserMessage, ScriptedModel, type Script } from '../support/scriptedModel.js';
import { FakeCancellationToken, InMemoryMemento } from './fakes.js';

/** A Logger that keeps its lines. */
class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  trace = (m: string) => void this.lines.push(`trace ${m}`);
  debug = (m: string) => void this.lines.push(`debug ${m}`);
  info = (m: string) => void this.lines.push(`info ${m}`);
  warn = (m: string) => void this.lines.push(`warn ${m}`);
  error = (m: string | Error) => void this.lines.push(`error ${String(m)}`);
}

let ws: TestWorkspace;
let storageDir: string;
beforeAll(() => {
  ws = makeWorkspace('basic');
  storageDir = mkdtempSync(join(tmpdir(), 'rlm-runs-'));
});
afterAll(() => {
  ws.cleanup();
  rmSync(storageDir, { recursive: true, force: true });
});

function service() {
  const log = new RecordingLogger();
  const history = new RunHistory(new InMemoryMemento());
  const runs = new RunService({ storageDir, history, log });
  const events: RunEvent[] = [];
  runs.onEvent((e) => events.push(e));
  return { runs, history, log, events };
}

const settings = (values: Partial<RlmSettings> = {}): RlmSettings => ({
  ...readSettings({ get: () => undefined }),
  sandboxEngine: 'isolated-vm',
  cache: false,
  ...values,
});
const models = (root: Script): ChosenModels => ({
  root: new ScriptedModel('root-model', root),
  sub: new ScriptedModel('sub-model', () => 'sub answer'),
  price: () => undefined,
});
const request = (root: Script, extra: Partial<RunRequest> = {}): RunRequest => ({
  question: 'Where is the TODO?',
  roots: [{ path: ws.root, name: 'basic' }],
  settings: settings(),
  models: models(root),
  ...extra,
});

describe('RunService', () => {
  it('a run that ends with FINAL: done, in the record, the history and the finished event', async () => {
    const { runs, history, log, events } = service();
    const record = await runs.run(request(() => js('print(grep("TODO: accept").length); FINAL("At src/index.ts:4")')));
    expect(record).toMatchObject({ status: 'done', answer: 'At src/index.ts:4', model: 'root-model', stats: { calls: 1 } });
    expect(record.reason).toBeUndefined();
    expect(history.get(record.id)).toMatchObject({ status: 'done' });
    expect(events[0]).toMatchObject({ type: 'started', run: { id: record.id, status: 'running' } });
    expect(events.at(-1)).toEqual({ type: 'finished', run: record });
    expect(events.filter((e) => e.type === 'trace').length).toBeGreaterThan(0);
    expect(log.lines.filter((l) => l.includes('sandbox engine isolated-vm'))).toHaveLength(1);
    expect(runs.running).toBe(false);
  });

  it('a root model that refuses every call: failed with the reason, not partial', async () => {
    const { runs, history } = service();
    const record = await runs.run(
      request(() => {
        throw new ModelError('auth', 'https://api.example.com/v1 refused the API key (401): Incorrect API key provided.', {
          status: 401,
          baseURL: 'https://api.example.com/v1',
          hasKey: true,
        });
      }),
    );
    expect(record).toMatchObject({
      status: 'failed',
      answer: '',
      reason: 'the model failed: https://api.example.com/v1 refused the API key (401): Incorrect API key provided.',
    });
    // The typed failure reaches the history, so a re-opened run shows the same card and button.
    const failure = { kind: 'auth', status: 401, baseUrl: 'https://api.example.com/v1', keySent: true };
    expect(record.failure).toMatchObject(failure);
    expect(history.get(record.id)?.failure).toMatchObject(failure);
  });

  it('the settings limits reach the engine: one turn, then the best answer, partial', async () => {
    const { runs } = service();
    const record = await runs.run({
      ...request((messages) =>
        lastUserMessage(messages).startsWith('Stop exploring') ? 'Probably src/index.ts:4.' : js('print(ls().length)'),
      ),
      settings: settings({ maxIterations: 2 }),
    });
    expect(record).toMatchObject({ status: 'partial', reason: 'the turn limit (2 turns) is reached', answer: 'Probably src/index.ts:4.' });
  });

  it('a cancelled token: cancelled, with what was found', async () => {
    const { runs } = service();
    const token = new FakeCancellationToken();
    const record = await runs.run(
      request(
        (_m, call) => {
          if (call === 1) return js('print("found: src/index.ts")');
          token.cancel();
          return js('FINAL("too late")');
        },
        { token },
      ),
    );
    expect(record).toMatchObject({ status: 'cancelled', answer: 'Cancelled before a final answer.' });
    expect(record.findings).toContain('found: src/index.ts');
    expect(token.listenerCount).toBe(0);
  });

  it('a workspace that cannot be opened: failed, recorded, never thrown', async () => {
    const { runs, history, events } = service();
    const record = await runs.run(request(() => js('FINAL("never")'), { roots: [] }));
    expect(record).toMatchObject({ status: 'failed', answer: '', reason: 'WorkspaceTree needs at least one root folder.' });
    expect(history.get(record.id)?.status).toBe('failed');
    expect(events.at(-1)).toMatchObject({ type: 'finished', run: { status: 'failed' } });
  });
});
