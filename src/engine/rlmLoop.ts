// One Recursive Language Model: the root (or a child) model writes code cells, the sandbox runs
// them over the tree, the output goes back, until FINAL — or a limit, and then one last call
// for the best answer it can give. docs/ARCHITECTURE.md, "Root-model protocol".
import type { TraceNode, TraceRef } from '../protocol/trace.js';
import type { ChatMessage } from '../llm/types.js';
import type { CellResult } from '../sandbox/sandbox.js';
import { ToolError, type FileTree } from '../workspace/fileTree.js';
import type { RunContext } from './engineContext.js';
import { Conversation } from './context/conversation.js';
import { callRoot } from './context/rootCall.js';
import { windowTokens } from './context/window.js';
import { firstUserMessage, SYSTEM_PROMPT_VERSION, systemPrompt } from './prompt/systemPrompt.js';
import { parseReply } from './replyParser.js';
import { BUILT_IN_HELP, createReplApi } from './repl/replApi.js';
import { RecordingTree } from './recordingTree.js';
import { ScopedTree } from './scopedTree.js';
import { clip, subcallFunctions } from './subcallFunctions.js';
import { summarizeWorkspace } from './workspaceSummary.js';

export interface RlmTask {
  question: string;
  tree: FileTree;
  depth: number;
  parent?: TraceNode;
  context?: string;
}

export interface RlmOutcome {
  answer: string;
  partial: boolean;
  /** Why the answer is partial: the limit reached, cancellation, a model failure. */
  reason?: string;
}

export async function runRlm(ctx: RunContext, task: RlmTask): Promise<RlmOutcome> {
  ctx.budget.noteDepth(task.depth);
  const node = ctx.trace.start('rlm', clip(task.question, 100), task.parent, { model: ctx.rootModel.name, detail: `system prompt ${SYSTEM_PROMPT_VERSION}` });
  let cellNode = node;
  let cellRefs: TraceRef[] = [];
  const tree = new RecordingTree(task.tree, (ref) => cellRefs.push(ref));
  const { api, globals } = createReplApi({ tree, symbols: ctx.symbolsFor?.(tree), query: task.question });
  api.add(
    subcallFunctions(ctx, {
      depth: task.depth,
      currentNode: () => cellNode,
      spawnChild: (prompt, paths, context, parent) => runChild(ctx, task, prompt, paths, context, parent),
    }),
  );
  const sandbox = await ctx.createSandbox({ functions: api.hostFunctions(), globals });
  const conversation = new Conversation({
    system: systemPrompt({ functions: `${api.describe()}\n${BUILT_IN_HELP}`, depth: task.depth, maxDepth: ctx.budget.budgets.maxDepth, maxIterations: ctx.budget.budgets.maxIterations }),
    opening: firstUserMessage(task.question, await summarizeWorkspace(task.tree), task.context),
    question: task.question,
    windowTokens: windowTokens(ctx.rootModel),
  });
  let lastFindings = '';
  const finish = (outcome: RlmOutcome): RlmOutcome => {
    ctx.trace.end(node, outcome.reason === 'cancelled' ? 'cancelled' : outcome.partial ? 'error' : 'ok', { detail: outcome.answer + (outcome.reason ? `\n(partial: ${outcome.reason})` : '') });
    return outcome;
  };
  const cancelled = (): RlmOutcome =>
    finish({ answer: lastFindings ? `Cancelled before a final answer. Last findings:\n${clip(lastFindings, 4000)}` : 'Cancelled before a final answer.', partial: true, reason: 'cancelled' });

  try {
    const ranCells = new Map<string, string>();
    let planRejected = false;
    for (let turn = 1; turn <= ctx.budget.budgets.maxIterations; turn++) {
      if (ctx.signal.aborted) return cancelled();
      const exhausted = ctx.budget.exhausted();
      if (exhausted) return finish(await bestAnswer(ctx, conversation, node, exhausted, lastFindings));

      const turnNode = ctx.trace.start('turn', `turn ${turn}`, node);
      let replyText: string;
      try {
        replyText = (await callRoot(ctx, conversation, { parent: turnNode, label: `root model, turn ${turn}` })).text;
      } catch (e) {
        ctx.trace.end(turnNode, ctx.signal.aborted ? 'cancelled' : 'error');
        if (ctx.signal.aborted) return cancelled();
        const limit = ctx.budget.exhausted();
        if (limit) return finish(await bestAnswer(ctx, conversation, node, limit, lastFindings));
        const reason = `the model failed: ${e instanceof Error ? e.message : String(e)}`;
        return finish({ answer: lastFindings ? `No final answer (${reason}). Last findings:\n${clip(lastFindings, 4000)}` : `No answer: ${reason}`, partial: true, reason });
      }
      const reply = parseReply(replyText);
      conversation.addReply(replyText, reply.cells);

      let final: string | undefined = reply.finalText;
      const feedback: string[] = [];
      if (!reply.cells.length && final === undefined) {
        feedback.push('Your reply had no ```js code block. Write code to explore the workspace, or end with FINAL(answer) in code.');
      }
      for (const [i, code] of reply.cells.entries()) {
        cellNode = ctx.trace.start('cell', `cell ${turn}.${i + 1}`, turnNode, { detail: code });
        const earlier = ranCells.get(code);
        if (earlier !== undefined) {
          feedback.push(`[cell ${i + 1}] You ran exactly this code before; its output was:\n${earlier}\nTry a different approach.`);
          ctx.trace.end(cellNode, 'cached', { detail: `${code}\n\n--- output (repeat) ---\n${earlier}` });
          continue;
        }
        cellRefs = [];
        const result = await sandbox.run(code, { signal: AbortSignal.any([ctx.signal]) }); // own signal: see modelCall
        const shown = describeCell(i + 1, result);
        ranCells.set(code, shown);
        if (result.output.trim()) lastFindings = result.output;
        feedback.push(shown);
        // A cell cut short by the run's cancellation is cancelled, not an error in the model's code.
        const status = result.error ? (ctx.signal.aborted ? 'cancelled' : 'error') : 'ok';
        ctx.trace.end(cellNode, status, { detail: `${code}\n\n--- output ---\n${shown}`, ...(cellRefs.length ? { refs: mergeRefs(cellRefs) } : {}) });
        if (result.final) {
          final = result.final.text;
          break;
        }
        if (ctx.signal.aborted) break;
      }
      cellNode = node;
      if (ctx.signal.aborted) {
        ctx.trace.end(turnNode, 'cancelled');
        return cancelled();
      }
      if (final !== undefined) {
        if (!planRejected && looksLikePlan(final)) {
          planRejected = true;
          feedback.push('That FINAL reads like a plan, not an answer. Carry out the steps with code, then FINAL the actual answer with file:line citations.');
        } else {
          ctx.trace.end(turnNode, 'ok');
          return finish({ answer: final, partial: false });
        }
      }
      conversation.addFeedback(feedback, turnsLeftNote(ctx, turn));
      ctx.trace.end(turnNode, 'ok');
    }
    return finish(await bestAnswer(ctx, conversation, node, `the turn limit (${ctx.budget.budgets.maxIterations} turns) is reached`, lastFindings));
  } finally {
    sandbox.dispose();
  }
}

async function runChild(ctx: RunContext, task: RlmTask, prompt: string, paths: string[], context: string | undefined, parent: TraceNode): Promise<string> {
  const tree = new ScopedTree(task.tree, paths);
  if ((await tree.files()).length === 0) {
    throw new ToolError(`none of the paths ${tree.describeScope()} hold a visible file; check them with ls() or glob().`);
  }
  const outcome = await runRlm(ctx, { question: prompt, tree, depth: task.depth + 1, parent, ...(context !== undefined ? { context } : {}) });
  return outcome.partial ? `${outcome.answer}\n(partial answer: ${outcome.reason})` : outcome.answer;
}

/** Asked once when a limit ends the run: the model's best answer from what it has. */
async function bestAnswer(ctx: RunContext, conversation: Conversation, node: TraceNode, reason: string, lastFindings: string): Promise<RlmOutcome> {
  if (ctx.signal.aborted) return { answer: 'Cancelled before a final answer.', partial: true, reason: 'cancelled' };
  const ask: ChatMessage = {
    role: 'user',
    content: `Stop exploring: ${reason}. Reply now, without code, with your best answer to the question from what you have found so far. Cite file:line where you can and say what remains uncertain.`,
  };
  try {
    const completion = await callRoot(ctx, conversation, { parent: node, label: 'best answer (limit reached)', extra: ask, pastTimeBudget: true });
    const text = parseReply(completion.text).finalText ?? completion.text.trim();
    return { answer: text, partial: true, reason };
  } catch (e) {
    const failure = e instanceof Error ? e.message : String(e);
    return { answer: lastFindings ? `No final answer (${reason}; then: ${failure}). Last findings:\n${clip(lastFindings, 4000)}` : `No answer: ${reason}; then: ${failure}`, partial: true, reason };
  }
}

function describeCell(index: number, result: CellResult): string {
  const parts = [result.output.trim() ? `[cell ${index} output]\n${result.output.replace(/\n$/, '')}` : `[cell ${index}: no output — print() what you want to see]`];
  if (result.error) parts.push(`[cell ${index} error] ${result.error}`);
  if (result.restarted) parts.push('[the sandbox was restarted: variables from earlier cells are gone]');
  return parts.join('\n');
}

function turnsLeftNote(ctx: RunContext, turn: number): string {
  const left = ctx.budget.budgets.maxIterations - turn;
  return left <= 2 ? `\n\n(${left} turn${left === 1 ? '' : 's'} left: finish with FINAL soon.)` : '';
}

/** One ref per file and range, in the order first read; overlapping reads of a file are merged. */
function mergeRefs(refs: readonly TraceRef[]): TraceRef[] {
  const byPath = new Map<string, TraceRef[]>();
  for (const ref of refs) {
    const list = byPath.get(ref.path) ?? [];
    const overlapping = list.find((r) => ref.startLine <= r.endLine + 1 && r.startLine <= ref.endLine + 1);
    if (overlapping) {
      overlapping.startLine = Math.min(overlapping.startLine, ref.startLine);
      overlapping.endLine = Math.max(overlapping.endLine, ref.endLine);
    } else list.push({ ...ref });
    byPath.set(ref.path, list);
  }
  return [...byPath.values()].flat();
}

/** A FINAL that announces work instead of reporting it ("I will look at…"), rejected once. */
export function looksLikePlan(text: string): boolean {
  const t = text.trim();
  if (t.length > 800) return false;
  return /^(i will|i'll|i am going to|let me|let's|first,? i|to answer this|i need to|next,? i|plan:|step 1)/i.test(t) || /\b(i will|i'll) (now )?(look|check|search|grep|read|examine|inspect|explore)\b/i.test(t);
}
