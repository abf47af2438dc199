// One Recursive Language Model: the root (or a child) model writes code cells, the sandbox runs
// them over the tree, the output goes back, until FINAL — or a limit, and then one last call
// for the best answer it can give. docs/ARCHITECTURE.md, "Root-model protocol".
import type { OutcomeStatus, RunFailure } from '../protocol/messages.js';
import type { TraceNode, TraceRef } from '../protocol/trace.js';
import type { ChatMessage, Completion } from '../llm/types.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { ToolError, type FileTree } from '../workspace/fileTree.js';
import type { RunContext } from './engineContext.js';
import { brokenCitationsNote, checkCitations } from './citations/gradeCitations.js';
import { Conversation } from './context/conversation.js';
import { callRoot } from './context/rootCall.js';
import { capTurn } from './context/turnCap.js';
import { subCallInputLimit, windowTokens } from './context/window.js';
import { isOnlyCode, TurnFindings, withFindings } from './findings/turnFindings.js';
import { firstUserMessage, SYSTEM_PROMPT_VERSION, systemPrompt } from './prompt/systemPrompt.js';
import { askRoot, playTurn, turnDetail, unwrapBestAnswer, type TurnMemory, type TurnSite } from './reply/turn.js';
import { BUILT_IN_HELP, createReplApi } from './repl/replApi.js';
import { RecordingTree } from './recordingTree.js';
import type { ReplSession } from './session/replSession.js';
import { runFailure } from './runFailure.js';
import { ScopedTree } from './scopedTree.js';
import { clip, subcallFunctions } from './subcallFunctions.js';
import { summarizeWorkspace } from './workspaceSummary.js';

export interface RlmTask {
  question: string;
  tree: FileTree;
  depth: number;
  parent?: TraceNode;
  context?: string;
  /** A conversation's REPL (root only): its kept sandbox, and what came before for the first message. */
  session?: ReplSession;
}

export interface RlmOutcome {
  answer: string;
  /** done: FINAL; partial: a limit, then the best answer; cancelled; failed: the model call failed. */
  status: OutcomeStatus;
  /** Why there is no final answer: the limit reached, cancellation, a model failure. */
  reason?: string;
  /** A run that ended without FINAL: what it found, turn by turn (markdown), shown under the answer. */
  findings?: string;
  /** A failed run: what failed, typed (the answer is then empty). */
  failure?: RunFailure;
}

export async function runRlm(ctx: RunContext, task: RlmTask): Promise<RlmOutcome> {
  ctx.budget.noteDepth(task.depth);
  const node = ctx.trace.start('rlm', clip(task.question, 100), task.parent, {
    model: ctx.rootModel.name,
    detail: `system prompt ${SYSTEM_PROMPT_VERSION}`,
  });
  let cellNode = node;
  const cellRefs: TraceRef[] = [];
  const tree = new RecordingTree(task.tree, (ref) => cellRefs.push(ref));
  const { api, globals } = createReplApi({ tree, symbols: ctx.symbolsFor?.(tree), query: task.question });
  api.add(
    subcallFunctions(ctx, {
      depth: task.depth,
      currentNode: () => cellNode,
      redact: (text) => tree.redact(text),
      // A child ends with the cell that started it.
      spawnChild: (prompt, paths, context, parent, signal) =>
        runChild({ ...ctx, signal: AbortSignal.any([ctx.signal, signal]) }, task, prompt, paths, context, parent),
    }),
  );
  const sandboxOptions = { functions: api.hostFunctions(), globals };
  // A conversation's kept REPL is taken first: what came before belongs in the first message.
  const lease = task.session ? await task.session.open((options) => ctx.createSandbox(options), sandboxOptions) : undefined;
  const earlier = lease?.earlier;
  // The models' windows are read while the summary is made: the budgets below need them.
  const windowsKnown = Promise.all([ctx.rootModel, ctx.subModel].map((model) => model.resolveContextWindow?.(ctx.signal)));
  const summary = await summarizeWorkspace(task.tree);
  // Otherwise the sandbox starts once the listing is made (its process start would compete with
  // the listing for the CPU) and boots while the first request is out; it is awaited where a cell
  // first needs it, and a start that failed throws there.
  const sandboxReady = lease ? Promise.resolve(lease.sandbox) : ctx.createSandbox(sandboxOptions);
  sandboxReady.catch(() => undefined);
  const disposeSandbox = () =>
    void sandboxReady.then(
      (sandbox) => sandbox.dispose(),
      () => undefined,
    );
  await windowsKnown;
  const conversation = new Conversation({
    system: systemPrompt({
      functions: `${api.describe()}\n${BUILT_IN_HELP}`,
      depth: task.depth,
      maxDepth: ctx.budget.budgets.maxDepth,
      maxIterations: ctx.budget.budgets.maxIterations,
      subCallChars: Math.floor(subCallInputLimit(ctx.subModel).chars),
      followUp: earlier !== undefined,
    }),
    opening: firstUserMessage(task.question, summary, task.context, earlier),
    question: task.question,
    windowTokens: windowTokens(ctx.rootModel),
  });
  const findings = new TurnFindings();
  const finish = (outcome: RlmOutcome): RlmOutcome => {
    const status = outcome.status === 'done' ? 'ok' : outcome.status === 'cancelled' ? 'cancelled' : 'error';
    // A root run's failure is the run's headline on every surface; its node does not repeat it.
    const why = outcome.reason && !(outcome.status === 'failed' && task.depth === 0) ? `\n(${outcome.status}: ${outcome.reason})` : '';
    const detail = (outcome.answer + why).trim();
    ctx.trace.end(node, status, detail ? { detail } : {});
    return outcome;
  };
  const cancelled = (): RlmOutcome =>
    finish(withFindings({ answer: 'Cancelled before a final answer.', status: 'cancelled', reason: 'cancelled' }, findings));

  try {
    const memory: TurnMemory = { ranCells: new Map(), planRejected: false };
    let citationsReported = false;
    for (let turn = 1; turn <= ctx.budget.budgets.maxIterations; turn++) {
      if (ctx.signal.aborted) return cancelled();
      const exhausted = ctx.budget.exhausted();
      if (exhausted) return finish(await bestAnswer(ctx, conversation, node, exhausted, findings, await sandboxReady));

      const turnNode = ctx.trace.start('turn', `turn ${turn}`, node);
      let completion: Completion;
      try {
        completion = await askRoot(ctx, conversation, turnNode, turn);
      } catch (e) {
        ctx.trace.end(turnNode, ctx.signal.aborted ? 'cancelled' : 'error');
        if (ctx.signal.aborted) return cancelled();
        const limit = ctx.budget.exhausted();
        if (limit) return finish(await bestAnswer(ctx, conversation, node, limit, findings, await sandboxReady));
        // No answer: the failure says why once, typed for each surface to word (runFailure.ts).
        const reason = `the model failed: ${e instanceof Error ? e.message : String(e)}`;
        return finish(withFindings({ answer: '', status: 'failed', reason, failure: runFailure(e) }, findings));
      }
      const site: TurnSite = {
        ctx,
        sandbox: await sandboxReady,
        turnNode,
        turn,
        memory,
        enterCell: (cell) => (cellNode = cell ?? node),
        takeRefs: () => mergeRefs(cellRefs.splice(0)),
        onCellRan: (code, result, refs) => findings.cell(turn, code, result, refs),
      };
      const played = await playTurn(site, completion);
      conversation.addReply(played.assistantText, played.cells);
      if (played.cancelled || ctx.signal.aborted) {
        ctx.trace.end(turnNode, 'cancelled');
        return cancelled();
      }
      if (played.final !== undefined) {
        // Broken citations are reported once, while a turn is left to fix them.
        const citationNote =
          citationsReported || turn === ctx.budget.budgets.maxIterations
            ? undefined
            : brokenCitationsNote(await checkCitations(played.final, task.tree));
        if (!citationNote) {
          ctx.trace.end(turnNode, 'ok', { detail: played.notes.join('\n') });
          return finish({ answer: played.final, status: 'done' });
        }
        citationsReported = true;
        played.feedback.push(citationNote);
      }
      conversation.addFeedback(played.feedback, turnsLeftNote(ctx, turn));
      ctx.trace.end(turnNode, 'ok', { detail: turnDetail(played.notes, capTurn(played.feedback, conversation.turnCapChars)) });
    }
    return finish(
      await bestAnswer(
        ctx,
        conversation,
        node,
        `the turn limit (${ctx.budget.budgets.maxIterations} turns) is reached`,
        findings,
        await sandboxReady,
      ),
    );
  } finally {
    disposeSandbox();
  }
}

async function runChild(
  ctx: RunContext,
  task: RlmTask,
  prompt: string,
  paths: string[],
  context: string | undefined,
  parent: TraceNode,
): Promise<string> {
  const tree = new ScopedTree(task.tree, paths);
  if ((await tree.files()).length === 0) {
    throw new ToolError(`none of the paths ${tree.describeScope()} hold a visible file; check them with ls() or glob().`);
  }
  const outcome = await runRlm(ctx, {
    question: prompt,
    tree,
    depth: task.depth + 1,
    parent,
    ...(context !== undefined ? { context } : {}),
  });
  if (outcome.status === 'done') return outcome.answer;
  const note = outcome.status === 'failed' ? `(the sub-RLM failed: ${outcome.reason})` : `(partial answer: ${outcome.reason})`;
  return `${outcome.answer ? `${outcome.answer}\n` : ''}${note}${outcome.findings ? `\n\n${outcome.findings}` : ''}`;
}

/** Asked once when a limit ends the run: the model's best answer from what it has. */
async function bestAnswer(
  ctx: RunContext,
  conversation: Conversation,
  node: TraceNode,
  reason: string,
  findings: TurnFindings,
  sandbox: Sandbox,
): Promise<RlmOutcome> {
  if (ctx.signal.aborted) return { answer: 'Cancelled before a final answer.', status: 'cancelled', reason: 'cancelled' };
  const ask: ChatMessage = {
    role: 'user',
    content: `Stop exploring: ${reason}. Reply now, without code, with your best answer to the question from what you have found so far. Cite file:line where you can and say what remains uncertain.`,
  };
  try {
    const completion = await callRoot(ctx, conversation, {
      parent: node,
      label: 'best answer (limit reached)',
      extra: ask,
      pastTimeBudget: true,
    });
    const text = await unwrapBestAnswer(completion.text, sandbox);
    // A reply of code alone is no answer: the findings speak instead.
    const answer = isOnlyCode(text) ? 'The model gave no answer in words at the limit.' : text;
    return withFindings({ answer, status: 'partial', reason }, findings);
  } catch (e) {
    const failure = e instanceof Error ? e.message : String(e);
    const answer = findings.toMarkdown() ? `No final answer (${reason}; then: ${failure}).` : `No answer: ${reason}; then: ${failure}`;
    // A run that never got a reply from the model failed; one that explored has found something.
    const replied = conversation.render().messages.some((m) => m.role === 'assistant');
    return withFindings(
      replied
        ? { answer, status: 'partial', reason }
        : { answer: '', status: 'failed', reason: `${reason}; then the model failed: ${failure}`, failure: runFailure(e) },
      findings,
    );
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
