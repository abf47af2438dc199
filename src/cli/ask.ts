// `rlm ask QUESTION`: the engine over a workspace on disk with an OpenAI-compatible model.
// The answer goes to stdout; live progress to stderr; the exit code tells how the run ended.
import { writeFile } from 'node:fs/promises';
import type { AskResult } from '../engine/engine.js';
import { askInWorkspace } from '../host/question.js';
import type { OutcomeStatus } from '../protocol/messages.js';
import { cliFailureText } from './failureText.js';
import { resolveModels, type ModelFlags } from './modelConfig.js';
import { ProgressLine } from './progress.js';
import { cliWorkspace, UsageError, type SessionOptions } from './session.js';
import { workspaceCacheDir } from './cacheDir.js';
import type { Streams } from './exec.js';
import type { ListingAhead } from './listingAhead.js';

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

/** The exit code of each outcome (README, "Exit codes"); usage mistakes exit 2 (main.ts). */
export const EXIT_CODES: Record<OutcomeStatus, number> = { done: 0, failed: 1, partial: 3, cancelled: 130 };

export async function runAsk(
  options: AskCliOptions,
  io: Streams & { stderrIsTty: boolean; env: NodeJS.ProcessEnv },
  signal: AbortSignal,
  /** A tree whose listing started before the engine loaded (main.ts). */
  listing?: ListingAhead,
): Promise<number> {
  if (!options.question.trim()) throw new UsageError('ask needs a question, e.g. rlm ask "Where is the config loaded?"');
  const models = resolveModels(options, io.env);
  const workspace = cliWorkspace(options, listing);
  const progress = new ProgressLine(io.stderr, io.stderrIsTty);
  let result: AskResult;
  try {
    result = await askInWorkspace(workspace.options, {
      question: options.question,
      models,
      concurrency: options.concurrency,
      limits: {
        maxDepth: options.maxDepth,
        maxIterations: options.maxIterations,
        maxSubCalls: options.maxSubCalls,
        maxCostUsd: options.maxCost,
      },
      completionCacheDir: options.cache ? workspaceCacheDir(workspace.rootPaths, 'completions') : undefined,
      signal,
      onTrace: (event) => progress.onTrace(event),
    });
  } finally {
    progress.done();
  }

  if (options.trace) await writeFile(options.trace, result.traceJsonl);
  const { status, reason } = result;
  if (options.json) {
    // `partial` stays for scripts written before `status`: true whenever there is no final answer.
    const report = {
      answer: result.answer,
      status,
      partial: status !== 'done',
      ...(reason ? { reason } : {}),
      ...(result.findings ? { findings: result.findings } : {}),
      ...(result.failure ? { failure: { ...result.failure, fix: cliFailureText(result.failure) } } : {}),
      citations: result.citations,
      stats: result.stats,
    };
    io.stdout.write(`${JSON.stringify(report)}\n`);
  } else if (result.answer || result.findings) {
    const text = [result.answer, result.findings].filter(Boolean).join('\n\n');
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  const ending =
    status === 'done' || status === 'failed'
      ? ''
      : status === 'cancelled'
        ? ' · cancelled'
        : ` · ${status}: ${reason ?? 'no reason given'}`;
  io.stderr.write(`${progress.summary(result.stats)}${ending}\n`);
  // A failure is said once, last, with the flag or variable that fixes it.
  if (status === 'failed')
    io.stderr.write(`rlm: failed: ${result.failure ? cliFailureText(result.failure) : (reason ?? 'no reason given')}\n`);
  return EXIT_CODES[status];
}
