// ask() options for an engine test: scripted models over an in-memory tree, quickjs cells with a
// generous limit, the immediate scheduler and the fake clock. Each test names its own files.
import type { AskOptions } from '../../src/engine/engine.js';
import { QuickJsSandbox } from '../../src/sandbox/quickjs/quickJsSandbox.js';
import { InMemoryFileTree } from '../support/inMemoryFileTree.js';
import { ImmediateScheduler, ScriptedModel, type Script } from '../support/scriptedModel.js';
import { FakeClock } from './scheduler/fakeClock.js';

export interface ScriptedAsk {
  question: string;
  files: Record<string, string>;
  /** The tree's root name. */
  name: string;
  root: Script;
  sub?: Script;
}

export function scriptedAskOptions({ question, files, name, root, sub }: ScriptedAsk, extra: Partial<AskOptions> = {}): AskOptions {
  return {
    question,
    tree: new InMemoryFileTree(files, { name }),
    rootModel: new ScriptedModel('root-model', root),
    subModel: new ScriptedModel('sub-model', sub ?? (() => 'sub answer')),
    scheduler: new ImmediateScheduler(),
    createSandbox: (o) => QuickJsSandbox.create({ ...o, cellTimeoutMs: 10_000 }),
    clock: new FakeClock(),
    ...extra,
  };
}
