// llm() and rlm(): the REPL functions that delegate. Both count against the run's sub-call
// budget, go through the one scheduler, and show up in the trace under the running cell.
import type { TraceNode } from '../protocol/trace.js';
import type { CallScope, JsonValue } from '../sandbox/sandbox.js';
import { ToolError } from '../workspace/fileTree.js';
import type { RunContext } from './engineContext.js';
import { estimateTokens, formatCount, promptBudgetChars, subCallInputLimit, windowTokens } from './context/window.js';
import { callModel } from './modelCall.js';
import { Args } from './repl/args.js';
import { stripReasoning } from './reply/reasoning.js';
import type { ReplFunctionSpec } from './repl/registry.js';

export interface SubcallSite {
  depth: number;
  /** The trace node sub-calls hang under (the running cell). */
  currentNode(): TraceNode;
  /** Credentials in text bound for a sub-model, by the workspace's redaction setting. */
  redact(text: string): Promise<string>;
  /** Runs a child RLM over `paths`, stopped with `signal` (its cell's); resolves to its answer. */
  spawnChild(prompt: string, paths: string[], context: string | undefined, parent: TraceNode, signal: AbortSignal): Promise<string>;
}

const SUB_SYSTEM =
  'You help analyse a codebase. Answer only from the text you are given; if it does not contain the answer, say so. Be concise and follow the requested output format exactly.';

export function subcallFunctions(ctx: RunContext, site: SubcallSite): ReplFunctionSpec[] {
  /** `scope` is the calling cell's: when it ends, the call is cancelled, queued or not. */
  async function askLlm(prompt: string, context: string | undefined, label: string, scope: CallScope): Promise<string> {
    const key = `${prompt}\0${context ?? ''}`;
    const earlier = ctx.asked.get(key);
    if (earlier !== undefined) {
      scope.notice('[llm: this exact question was asked before in this run; the same answer is returned — ask something new]');
      ctx.trace.end(ctx.trace.start('llm', label, site.currentNode(), { model: ctx.subModel.name }), 'cached', {
        detail: `Prompt: ${prompt}\n\nAnswer: ${earlier}`,
      });
      return earlier;
    }
    // Defence in depth: the workspace functions already redact, but model code may build text itself.
    const content = await site.redact(context === undefined ? prompt : `${prompt}\n\n<context>\n${context}\n</context>`);
    refuseOverWindow(SUB_SYSTEM.length + content.length, subCallInputLimit(ctx.subModel).chars, `${ctx.subModel.name} takes in one call`);
    ctx.budget.reserveSubCall();
    const completion = await callModel(
      ctx,
      ctx.subModel,
      [
        { role: 'system', content: SUB_SYSTEM },
        { role: 'user', content },
      ],
      {
        parent: site.currentNode(),
        kind: 'llm',
        label,
        signal: scope.signal,
        describe: (c) =>
          `Prompt: ${clip(prompt, 4000)}${context === undefined ? '' : `\n\nContext: ${clip(context, 4000)}`}\n\nAnswer: ${clip(c.text, 8000)}`,
      },
    );
    // Reasoning models write <think>…</think> before their answer; the caller wants the answer.
    const answer = stripReasoning(completion.text).text;
    if (!answer) {
      const what = completion.text.trim() || completion.reasoning ? 'only reasoning, no answer' : 'an empty reply';
      throw new ToolError(
        `the sub-model (${ctx.subModel.name}) sent ${what}. Ask again with a more specific prompt, or give it less text.`,
      );
    }
    ctx.asked.set(key, answer);
    return answer;
  }

  return [
    {
      name: 'llm',
      async: true,
      signature: 'llm(prompt: string, context?: string): string',
      summary: 'One sub-model call without a REPL; give it the exact text to work on as context.',
      call: async (raw, scope) => {
        const a = new Args(raw, 'await llm(prompt, context?)');
        const prompt = nonEmpty(a.string(0, 'prompt'));
        return askLlm(prompt, contextArg(raw[1]), clip(prompt, 80), scope);
      },
    },
    {
      name: 'rlm',
      async: true,
      signature: 'rlm(prompt: string, opts?: {paths?: string[], context?: string}): string',
      summary: 'A sub-RLM with its own REPL over the given files or folders, for sub-questions that need exploring.',
      call: async (raw, scope) => {
        const a = new Args(raw, 'await rlm(prompt, {paths, context?})');
        const prompt = nonEmpty(a.string(0, 'prompt'));
        const opts = a.options(1, ['paths', 'context']);
        const paths = a.strings(opts.paths, 'paths');
        const context = contextArg(opts.context);
        if (site.depth + 1 > ctx.budget.budgets.maxDepth) {
          scope.notice(
            `[rlm: the depth limit (${ctx.budget.budgets.maxDepth}) is reached, so this ran as llm() without a REPL; pass the text it needs as context]`,
          );
          return askLlm(prompt, context, `rlm→llm (depth limit): ${clip(prompt, 60)}`, scope);
        }
        if (!paths?.length)
          throw new ToolError('rlm needs {paths: [...]}: the files or folders the sub-RLM may explore, e.g. {paths: ["src/auth"]}.');
        // A sub-RLM starts with prompt and context in its first message: half its window at most, so it has room to work.
        refuseOverWindow(
          prompt.length + (context?.length ?? 0),
          Math.floor(promptBudgetChars(windowTokens(ctx.rootModel)) / 2),
          `a sub-RLM on ${ctx.rootModel.name} can start with`,
          'Give it {paths} to read instead, or chunk it',
        );
        ctx.budget.reserveSubCall();
        return site.spawnChild(
          await site.redact(prompt),
          paths,
          context === undefined ? undefined : await site.redact(context),
          site.currentNode(),
          scope.signal,
        );
      },
    },
  ];
}

/** An input over the model's window is never sent: the model gets the sizes and how to split it. */
function refuseOverWindow(inputChars: number, limitChars: number, what: string, advice = 'Chunk it'): void {
  if (inputChars <= limitChars) return;
  const chunk = Math.max(1_000, Math.floor((limitChars * 0.8) / 1_000) * 1_000);
  throw new ToolError(
    `the input is ${formatCount(inputChars)} characters (≈${formatCount(estimateTokens(inputChars))} tokens), more than ${what} (≈${formatCount(limitChars)} characters); it was not sent. ` +
      `${advice} and use Promise.all: const parts = []; for (let i = 0; i < text.length; i += ${chunk}) parts.push(text.slice(i, i + ${chunk})); const answers = await Promise.all(parts.map((p) => llm("…", p))); then combine the answers.`,
  );
}

function nonEmpty(prompt: string): string {
  if (!prompt.trim()) throw new ToolError('the prompt is empty; say what the sub-call should do.');
  return prompt;
}

/** Context may be text or data; data is passed as JSON. */
function contextArg(value: JsonValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value, null, 1);
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [+${text.length - max} chars]`;
}
