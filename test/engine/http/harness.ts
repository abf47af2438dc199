// The engine end to end over real HTTP, wired by the Node hosts' composition root
// (src/host/question.ts) as the CLI and the extension wire it: the real OpenAiCompatibleModel
// (openai SDK) and the real CallScheduler talking to the scripted server on 127.0.0.1, over a
// real isolated-vm sandbox, symbols and a fixture workspace. Policies tell the kinds of call
// apart by their system prompt.
import { setMaxListeners } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Budgets } from '../../../src/engine/budget.js';
import type { AskResult } from '../../../src/engine/engine.js';
import { CallScheduler, type CallSchedulerOptions } from '../../../src/engine/scheduler/callScheduler.js';
import type { Clock } from '../../../src/engine/scheduler/clock.js';
import type { HostConversation } from '../../../src/host/conversation.js';
import { askInWorkspace } from '../../../src/host/question.js';
import { OpenAiCompatibleModel } from '../../../src/llm/openAiCompatibleModel.js';
import { costUsd } from '../../../src/llm/prices.js';
import { makeWorkspace, type TestWorkspace } from '../../fixtures/makeWorkspace.js';
import {
  startScriptedModelServer,
  type Policy,
  type ScriptedModelServer,
  type ScriptedServerOptions,
  type ServedRequest,
} from '../../support/scriptedModelServer.js';

export { js } from '../../support/scriptedModel.js';

export type CallKind = 'root' | 'child' | 'sub';

/** Root and child RLM prompts describe the REPL; a child's says it is a sub-RLM; llm() sub-calls have their own. */
export function kindOf(request: ServedRequest): CallKind {
  const system = request.messages[0]?.content ?? '';
  if (system.startsWith('You help analyse a codebase')) return 'sub';
  if (system.includes('You are a sub-RLM')) return 'child';
  if (system.includes('REPL')) return 'root';
  throw new Error(`unknown system prompt: ${system.slice(0, 80)}`);
}

export const lastUser = (request: ServedRequest): string => [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
export const firstUser = (request: ServedRequest): string => request.messages.find((m) => m.role === 'user')?.content ?? '';
/** Turn number of an RLM call: 1 for the first (only the question), +1 per assistant reply. */
export const turnOf = (request: ServedRequest): number => request.messages.filter((m) => m.role === 'assistant').length + 1;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The basic fixture plus `gen/file00.ts … gen/fileNN.ts` for fan-outs. */
export function workspaceWithGenerated(count = 30): TestWorkspace {
  const ws = makeWorkspace('basic');
  mkdirSync(join(ws.root, 'gen'));
  for (let i = 0; i < count; i++)
    writeFileSync(join(ws.root, `gen/file${String(i).padStart(2, '0')}.ts`), `export const value${i} = ${i * 7};\n`);
  return ws;
}

export interface RunOptions {
  question?: string;
  rootModel?: string;
  subModel?: string;
  /** contextWindowTokens of the root and sub-models, as `--context-window` sets them. */
  rootWindow?: number;
  subWindow?: number;
  scheduler?: CallSchedulerOptions;
  budgets?: Partial<Budgets>;
  /** A completion cache in this folder; none without. */
  completionCacheDir?: string;
  signal?: AbortSignal;
  /** Time for the run's budgets and trace (a FakeClock in the time-budget tests); default the system clock. */
  clock?: Clock;
  /** Asks as the next question of this conversation (follow-ups). */
  conversation?: HostConversation;
  /** Default isolated-vm. */
  sandboxEngine?: 'isolated-vm' | 'quickjs';
  memoryMb?: number;
}

export interface Harness {
  server: ScriptedModelServer;
  scheduler: CallScheduler;
  run(options?: RunOptions): Promise<AskResult>;
}

/** Fast retries by default, so fault tests do not wait on production backoff. */
const TEST_SCHEDULER: CallSchedulerOptions = { concurrency: 8, backoff: { baseMs: 20, maxMs: 100 } };

export async function startHarness(
  ws: TestWorkspace,
  policy: Policy,
  serverOptions: ScriptedServerOptions = {},
): Promise<Harness & { close(): Promise<void> }> {
  const server = await startScriptedModelServer(policy, serverOptions);
  const harness = {
    server,
    scheduler: new CallScheduler(TEST_SCHEDULER),
    async run(options: RunOptions = {}): Promise<AskResult> {
      const rootName = options.rootModel ?? 'root-model';
      const subName = options.subModel ?? 'sub-model';
      harness.scheduler = new CallScheduler({ ...TEST_SCHEDULER, ...options.scheduler });
      const window = (tokens: number | undefined) => (tokens === undefined ? {} : { contextWindowTokens: tokens });
      const rootModel = new OpenAiCompatibleModel({ baseURL: server.baseURL, model: rootName, ...window(options.rootWindow) });
      const subModel =
        subName === rootName
          ? rootModel
          : new OpenAiCompatibleModel({ baseURL: server.baseURL, model: subName, ...window(options.subWindow) });
      // Every queued call listens on the run's signal.
      const signal = options.signal ?? new AbortController().signal;
      setMaxListeners(0, signal);
      const workspace = {
        roots: [{ path: ws.root }],
        allowSecrets: false,
        symbolCacheDir: undefined,
        sandbox: {
          engine: options.sandboxEngine ?? 'isolated-vm',
          cellTimeoutMs: 20_000,
          ...(options.memoryMb !== undefined ? { memoryMb: options.memoryMb } : {}),
        },
      };
      const ask = options.conversation ? options.conversation.ask.bind(options.conversation) : askInWorkspace;
      return ask(workspace, {
        question: options.question ?? 'Where is the TODO?',
        models: { root: rootModel, sub: subModel, price: (name, usage) => costUsd(name, usage) },
        concurrency: undefined,
        scheduler: harness.scheduler,
        limits: options.budgets ?? {},
        completionCacheDir: options.completionCacheDir,
        signal,
        ...(options.clock ? { clock: options.clock } : {}),
      });
    },
    close: () => server.close(),
  };
  return harness;
}
