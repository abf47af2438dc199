// One Recursive Language Model: the root (or a child) model writes code cells, the sandbox runs
// them over the tree, the output goes back, until FINAL — or a limit, and then one last call
// for the best answer it can give. docs/ARCHITECTURE.md, "Root-model protocol".
import type { TraceNode, TraceRef } from '../protocol/trace.js';
import type { ChatMessage, Completion } from '../llm/types.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { ToolError, type FileTree } from '../workspace/fileTree.js';
import type { RunContext } from './engineContext.js';
import { Conversation } from './context/conversation.js';
import { callRoot } from './context/rootCall.js';
import { capTurn } from './context/turnCap.js';
import { subCallInputLimit, windowTokens } from './context/window.js';
import { firstUserMessage, SYSTEM_PROMPT_VERSION, systemPrompt } from './prompt/systemPrompt.js';
import { askRoot, playTurn, turnDetail, unwrapBestAnswer, type TurnMemory, type TurnSite } from './reply/turn.js';
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
  const cellRefs: TraceRef[] = [];
  const tree = new RecordingTree(task.tree, (ref) => cellRefs.push(ref));
  const { api, globals } = createReplApi({ tree, symbols: ctx.symbolsFor?.(tree), query: task.question });
  api.add(
    subcallFunctions(ctx, {
      depth: task.depth,
      currentNode: () => cellNode,
      redact: (text) => tree.redact(text),
      spawnChild: (prompt, paths, context, parent) => runChild(ctx, task, prompt, paths, context, parent),
    }),
  );
  const sandbox = await ctx.createSandbox({ functions: api.hostFunctions(), globals });
  const conversation = new Conversation({
    system: systemPrompt({ functions: `${api.describe()}\n${BUILT_IN_HELP}`, depth: task.depth, maxDepth: ctx.budget.budgets.maxDepth, maxIterations: ctx.budget.budgets.maxIterations, subCallChars: Math.floor(subCallInputLimit(ctx.subModel).chars) }),
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
    const memory: TurnMemory = { ranCells: new Map(), planRejected: false };
    for (let turn = 1; turn <= ctx.budget.budgets.maxIterations; turn++) {
      if (ctx.signal.aborted) return cancelled();
      const exhausted = ctx.budget.exhausted();
      if (exhausted) return finish(await bestAnswer(ctx, conversation, node, exhausted, lastFindings, sandbox));

      const turnNode = ctx.trace.start('turn', `turn ${turn}`, node);
      let completion: Completion;
      try {
        completion = await askRoot(ctx, conversation, turnNode, turn);
      } catch (e) {
        ctx.trace.end(turnNode, ctx.signal.aborted ? 'cancelled' : 'error');
        if (ctx.signal.aborted) return cancelled();
        const limit = ctx.budget.exhausted();
        if (limit) return finish(await bestAnswer(ctx, conversation, node, limit, lastFindings, sandbox));
        const reason = `the model failed: ${e instanceof Error ? e.message : String(e)}`;
        return finish({ answer: lastFindings ? `No final answer (${reason}). Last findings:\n${clip(lastFindings, 4000)}` : `No answer: ${reason}`, partial: true, reason });
      }
      const site: TurnSite = {
        ctx,
        sandbox,
        turnNode,
        turn,
        memory,
        enterCell: (cell) => (cellNode = cell ?? node),
        takeRefs: () => mergeRefs(cellRefs.splice(0)),
      };
      const played = await playTurn(site, completion);
      conversation.addReply(played.assistantText, played.cells);
      if (played.findings !== undefined) lastFindings = played.findings;
      if (played.cancelled || ctx.signal.aborted) {
        ctx.trace.end(turnNode, 'cancelled');
        return cancelled();
      }
      if (played.final !== undefined) {
        ctx.trace.end(turnNode, 'ok', { detail: played.notes.join('\n') });
        return finish({ answer: played.final, partial: false });
      }
      conversation.addFeedback(played.feedback, turnsLeftNote(ctx, turn));
      ctx.trace.end(turnNode, 'ok', { detail: turnDetail(played.notes, capTurn(played.feedback, conversation.turnCapChars)) });
    }
    return finish(await bestAnswer(ctx, conversation, node, `the turn limit (${ctx.budget.budgets.maxIterations} turns) is reached`, lastFindings, sandbox));
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
async function bestAnswer(ctx: RunContext, conversation: Conversation, node: TraceNode, reason: string, lastFindings: string, sandbox: Sandbox): Promise<RlmOutcome> {
  if (ctx.signal.aborted) return { answer: 'Cancelled before a final answer.', partial: true, reason: 'cancelled' };
  const ask: ChatMessage = {
    role: 'user',
    content: `Stop exploring: ${reason}. Reply now, without code, with your best answer to the question from what you have found so far. Cite file:line where you can and say what remains uncertain.`,
  };
  try {
    const completion = await callRoot(ctx, conversation, { parent: node, label: 'best answer (limit reached)', extra: ask, pastTimeBudget: true });
    const text = await unwrapBestAnswer(completion.text, sandbox);
    return { answer: text, partial: true, reason };
  } catch (e) {
    const failure = e instanceof Error ? e.message : String(e);
    return { answer: lastFindings ? `No final answer (${reason}; then: ${failure}). Last findings:\n${clip(lastFindings, 4000)}` : `No answer: ${reason}; then: ${failure}`, partial: true, reason };
  }
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
