// `rlm ask QUESTION`: the engine over a workspace on disk with an OpenAI-compatible model.
// The answer goes to stdout; live progress to stderr.
import { writeFile } from 'node:fs/promises';
import { ask, type AskResult } from '../engine/engine.js';
import type { Budgets } from '../engine/budget.js';
import { DiskCompletionCache } from '../llm/completionCache.js';
import { resolveModels, type ModelFlags } from './modelConfig.js';
import { ProgressLine } from './progress.js';
import { openWorkspace, UsageError, type SessionOptions } from './session.js';
import { workspaceCacheDir } from './cacheDir.js';
import type { Streams } from './exec.js';

export interface AskCliOptions extends SessionOptions, ModelFlags {
  question: string;
  concurrency?: number;
  maxDepth?: number;
  maxIterations?: number;
  maxSubCalls?: number;
  maxCost?: number;
  trace?: string;
  json: boolean;
  cache: boolean;
}

export async function runAsk(options: AskCliOptions, io: Streams & { stderrIsTty: boolean; env: NodeJS.ProcessEnv }, signal: AbortSignal): Promise<number> {
  if (!options.question.trim()) throw new UsageError('ask needs a question, e.g. rlm ask "Where is the config loaded?"');
  const models = resolveModels(options, io.env);
  const workspace = await openWorkspace(options);
  workspace.warmUp();
  const progress = new ProgressLine(io.stderr, io.stderrIsTty);
  let result: AskResult;
  try {
    const scheduler = await models.scheduler(options.concurrency);
    result = await ask({
      question: options.question,
      tree: workspace.tree,
      rootModel: models.root,
      subModel: models.sub,
      scheduler,
      createSandbox: workspace.createSandbox,
      symbolsFor: workspace.symbolsFor,
      ...(options.cache ? { cache: new DiskCompletionCache({ dir: workspaceCacheDir(workspace.rootPaths, 'completions') }) } : {}),
      price: models.price,
      budgets: budgets(options),
      signal,
      onTrace: (event) => progress.onTrace(event),
    });
  } finally {
    progress.done();
    await workspace.dispose();
  }

  if (options.trace) await writeFile(options.trace, result.traceJsonl);
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ answer: result.answer, partial: result.partial, ...(result.reason ? { reason: result.reason } : {}), ...(result.findings ? { findings: result.findings } : {}), citations: result.citations, stats: result.stats })}\n`);
  } else {
    const text = result.findings ? `${result.answer}\n\n${result.findings}` : result.answer;
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  io.stderr.write(`${progress.summary(result.stats)}${result.partial ? ` · partial: ${result.reason}` : ''}\n`);
  return result.partial && result.reason?.startsWith('the model failed') ? 1 : 0;
}

export function budgets(options: Pick<AskCliOptions, 'maxDepth' | 'maxIterations' | 'maxSubCalls' | 'maxCost'>): Partial<Budgets> {
  return {
    ...(options.maxDepth !== undefined ? { maxDepth: options.maxDepth } : {}),
    ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
    ...(options.maxSubCalls !== undefined ? { maxSubCalls: options.maxSubCalls } : {}),
    ...(options.maxCost !== undefined ? { maxCostUsd: options.maxCost } : {}),
  };
}
