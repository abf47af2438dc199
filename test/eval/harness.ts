// The answer-quality harness: every question of a dataset asked twice — once through the RLM
// (`ask()` over the repository folder) and once directly, with the repository's files stuffed
// into one prompt — and scored by the letter each chose. Prints a row per question and a
// summary; returns the same figures for tests.
import { setMaxListeners } from 'node:events';
import type { Budgets } from '../../src/engine/budget.js';
import { resolveModels, type ModelFlags, type ResolvedModels } from '../../src/cli/modelConfig.js';
import { workspaceCacheDir } from '../../src/cli/cacheDir.js';
import { askInWorkspace } from '../../src/host/question.js';
import { openWorkspace } from '../../src/host/workspace.js';
import { baselineMessages } from './baseline.js';
import { BUILTIN_DATASET, extractLetter, formatQuestion, loadDataset, type EvalQuestion, type Letter } from './dataset.js';
import { folderWorkspace } from './workspaceEngine.js';

export const DEFAULT_CONTEXT_TOKENS = 100_000;

export interface EvalOptions extends ModelFlags {
  /** JSONL file; the built-in set when absent. */
  dataset?: string;
  /** Where model flags fall back to (OPENAI_BASE_URL, OPENAI_API_KEY, RLM_MODEL, RLM_SUB_MODEL). */
  env?: NodeJS.ProcessEnv;
  /** Only the first N questions. */
  limit?: number;
  /** The baseline's context limit in tokens (chars / 4). Default 100,000. */
  contextTokens?: number;
  /** Sub-calls in flight at once, for the RLM. Default: the scheduler's (8). */
  concurrency?: number;
  budgets?: Partial<Budgets>;
  /** Symbol cache folder; default the CLI's per-repository folder. */
  symbolCacheDir?: string;
  /** Receives each printed line (default: stdout). */
  write?: (line: string) => void;
}

export interface ArmResult {
  choice?: Letter;
  correct: boolean;
  inputTokens: number;
  outputTokens: number;
  /** USD; undefined when a model's price is unknown. */
  costUsd?: number;
  wallMs: number;
  /** The reply the letter was taken from. */
  reply: string;
  partial?: boolean;
  error?: string;
}

export interface QuestionResult {
  id: string;
  answer: Letter;
  rlm: ArmResult;
  baseline: ArmResult & { contextFiles: number; totalFiles: number; truncated: boolean };
}

export interface ArmSummary {
  correct: number;
  total: number;
  accuracy: number;
  tokens: number;
  costUsd?: number;
}

export interface EvalReport {
  dataset: string;
  results: QuestionResult[];
  rlm: ArmSummary;
  baseline: ArmSummary;
}

/** What the RLM is asked: the question, its choices and how to answer. */
export function rlmQuestion(q: EvalQuestion): string {
  return `${formatQuestion(q)}\n\nFind out from the repository, then answer with the letter of the correct choice only: FINAL("A"), FINAL("B"), FINAL("C") or FINAL("D").`;
}

export async function runEval(options: EvalOptions): Promise<EvalReport> {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const models = resolveModels(options, options.env ?? process.env);
  const dataset = options.dataset ?? BUILTIN_DATASET;
  const contextTokens = options.contextTokens ?? DEFAULT_CONTEXT_TOKENS;
  let questions = loadDataset(dataset);
  if (options.limit !== undefined) questions = questions.slice(0, options.limit);

  write(`Answer quality: ${dataset} (${questions.length} question${questions.length === 1 ? '' : 's'})`);
  write(
    `RLM: root ${models.root.name}, sub ${models.sub.name} · baseline: ${models.root.name} with files stuffed up to ${contextTokens.toLocaleString('en-US')} tokens (≈ chars/4)`,
  );
  write('');
  write('| # | id | answer | RLM | RLM tokens | RLM cost | baseline | baseline tokens | baseline cost |');
  write('|---|---|---|---|---|---|---|---|---|');

  const results: QuestionResult[] = [];
  for (const [i, q] of questions.entries()) {
    const rlm = await runRlmArm(q, models, options);
    const baseline = await runBaselineArm(q, models, contextTokens, options);
    const result: QuestionResult = { id: q.id, answer: q.answer, rlm, baseline };
    results.push(result);
    write(
      `| ${i + 1} | ${q.id} | ${q.answer} | ${verdict(rlm)} | ${tokens(rlm)} | ${cost(rlm.costUsd)} | ${verdict(baseline)} | ${tokens(baseline)} | ${cost(baseline.costUsd)} |`,
    );
  }

  const rlm = summarize(results.map((r) => r.rlm));
  const baseline = summarize(results.map((r) => r.baseline));
  write('');
  for (const r of results) {
    if (r.rlm.error) write(`${r.id}: RLM failed: ${r.rlm.error}`);
    if (r.baseline.error) write(`${r.id}: baseline failed: ${r.baseline.error}`);
  }
  const cut = results.filter((r) => r.baseline.truncated);
  if (cut.length)
    write(
      `The baseline's repository did not fit in ${contextTokens.toLocaleString('en-US')} tokens for ${cut.length} question(s): ${cut.map((r) => `${r.id} (${r.baseline.contextFiles}/${r.baseline.totalFiles} files)`).join(', ')}`,
    );
  write(`RLM: ${describe(rlm)} · baseline: ${describe(baseline)}`);
  return { dataset, results, rlm, baseline };
}

async function runRlmArm(q: EvalQuestion, models: ResolvedModels, options: EvalOptions): Promise<ArmResult> {
  const workspace = folderWorkspace(q.repo, { symbolCacheDir: options.symbolCacheDir ?? workspaceCacheDir([q.repo], 'symbols') });
  const started = Date.now();
  // Like the CLI: every queued and running sub-call listens on the run's signal.
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  try {
    const result = await askInWorkspace(workspace, {
      question: rlmQuestion(q),
      models,
      concurrency: options.concurrency,
      limits: options.budgets ?? {},
      completionCacheDir: undefined,
      signal: controller.signal,
    });
    const choice = extractLetter(result.answer);
    const { stats } = result;
    return {
      ...(choice ? { choice } : {}),
      correct: choice === q.answer,
      inputTokens: stats.inputTokens,
      outputTokens: stats.outputTokens,
      ...(stats.costKnown ? { costUsd: stats.costUsd } : {}),
      wallMs: Date.now() - started,
      reply: result.answer,
      partial: result.status === 'partial',
      ...(result.status === 'failed' || result.status === 'cancelled' ? { error: result.reason ?? result.status } : {}),
    };
  } catch (e) {
    return {
      correct: false,
      inputTokens: 0,
      outputTokens: 0,
      wallMs: Date.now() - started,
      reply: '',
      error: e instanceof Error ? e.message : String(e),
    };
  }
}

async function runBaselineArm(
  q: EvalQuestion,
  models: ResolvedModels,
  contextTokens: number,
  options: EvalOptions,
): Promise<QuestionResult['baseline']> {
  const workspace = openWorkspace(folderWorkspace(q.repo));
  const started = Date.now();
  const { messages, context } = await baselineMessages(workspace.tree, q, contextTokens);
  await workspace.dispose();
  const shape = { contextFiles: context.files, totalFiles: context.totalFiles, truncated: context.truncated };
  try {
    const scheduler = await models.scheduler(options.concurrency);
    const completion = await scheduler.run((signal) => models.root.complete({ messages, signal }));
    const choice = extractLetter(completion.text);
    const usage = completion.usage ?? { inputTokens: 0, outputTokens: 0 };
    const costUsd = completion.usage ? models.price(models.root.name, completion.usage) : undefined;
    return {
      ...shape,
      ...(choice ? { choice } : {}),
      correct: choice === q.answer,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      ...(costUsd !== undefined ? { costUsd } : {}),
      wallMs: Date.now() - started,
      reply: completion.text,
    };
  } catch (e) {
    return {
      ...shape,
      correct: false,
      inputTokens: 0,
      outputTokens: 0,
      wallMs: Date.now() - started,
      reply: '',
      error: e instanceof Error ? e.message : String(e),
    };
  }
}

function summarize(arms: readonly ArmResult[]): ArmSummary {
  const correct = arms.filter((a) => a.correct).length;
  const costKnown = arms.every((a) => a.costUsd !== undefined);
  return {
    correct,
    total: arms.length,
    accuracy: arms.length ? correct / arms.length : 0,
    tokens: arms.reduce((n, a) => n + a.inputTokens + a.outputTokens, 0),
    ...(costKnown ? { costUsd: arms.reduce((n, a) => n + (a.costUsd ?? 0), 0) } : {}),
  };
}

const verdict = (a: ArmResult) => (a.error ? 'error ✗' : `${a.choice ?? '—'} ${a.correct ? '✓' : '✗'}${a.partial ? ' (partial)' : ''}`);
const tokens = (a: ArmResult) => (a.inputTokens + a.outputTokens).toLocaleString('en-US');
const cost = (usd: number | undefined) => (usd === undefined ? 'unknown' : `$${usd.toFixed(4)}`);
const describe = (s: ArmSummary) =>
  `${s.correct}/${s.total} correct (${(s.accuracy * 100).toFixed(1)}%), ${s.tokens.toLocaleString('en-US')} tokens, cost ${cost(s.costUsd)}`;
