// `npm run eval -- [--dataset FILE.jsonl] [--base-url URL --model NAME --sub-model NAME --api-key KEY]
//                  [--limit N] [--context-tokens N] [--concurrency N]`
// Answer quality of the RLM against a direct long-context baseline on multiple-choice questions
// over code repositories. Without --dataset it runs the built-in set (test/eval/builtin.jsonl).
// Model flags fall back to OPENAI_BASE_URL, OPENAI_API_KEY, RLM_MODEL and RLM_SUB_MODEL.
import { parseArgs } from 'node:util';
import { UsageError } from '../../src/cli/session.js';
import { DatasetError } from './dataset.js';
import { runEval } from './harness.js';

const HELP = `Usage: npm run eval -- [--dataset FILE.jsonl] [--base-url URL] [--model NAME] [--sub-model NAME] [--api-key KEY]
                       [--limit N] [--context-tokens N] [--concurrency N]
Dataset lines: {"id", "repo" (folder, relative to the dataset file or absolute), "question", "choices": {"A","B","C","D"}, "answer": "B"}`;

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} needs a positive whole number, not "${value}"`);
  return n;
}

// CommonJS with a main(), like the benchmarks.
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string' },
      'base-url': { type: 'string' },
      model: { type: 'string' },
      'sub-model': { type: 'string' },
      'api-key': { type: 'string' },
      limit: { type: 'string' },
      'context-tokens': { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const limit = positive('limit', values.limit);
  const contextTokens = positive('context-tokens', values['context-tokens']);
  const concurrency = positive('concurrency', values.concurrency);
  const report = await runEval({
    ...(values.dataset !== undefined ? { dataset: values.dataset } : {}),
    ...(values['base-url'] !== undefined ? { baseUrl: values['base-url'] } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
    ...(values['sub-model'] !== undefined ? { subModel: values['sub-model'] } : {}),
    ...(values['api-key'] !== undefined ? { apiKey: values['api-key'] } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(contextTokens !== undefined ? { contextTokens } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
  });
  const failed = report.results.some((r) => r.rlm.error || r.baseline.error);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e: unknown) => {
  const code = (e as { code?: unknown }).code;
  if (e instanceof UsageError || e instanceof DatasetError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
    console.error(`${(e as Error).message}\n\n${HELP}`);
    process.exitCode = 2;
  } else {
    console.error(e);
    process.exitCode = 1;
  }
});
