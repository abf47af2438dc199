// One root turn after the model replied: read the reply, run its cells, decide whether it
// ended the run, and write the next message — specific feedback for every reply shape that
// could not simply run. What was stripped or ignored goes into the turn's trace node.
import type { TraceNode, TraceRef } from '../../protocol/trace.js';
import type { Completion, ToolCall } from '../../llm/types.js';
import type { CellResult, Sandbox } from '../../sandbox/sandbox.js';
import type { Conversation } from '../context/conversation.js';
import { callRoot } from '../context/rootCall.js';
import type { RunContext } from '../engineContext.js';
import { callModel } from '../modelCall.js';
import * as say from './feedback.js';
import { hintForCellError } from './hints.js';
import { parseReply, type ParsedReply, type ReplyCell } from './parseReply.js';
import { prepareCell } from './javascript.js';
import { loadReplyParsers } from './replyParsers.js';

/** What the turns of one RLM remember about each other. */
export interface TurnMemory {
  /** Code already run → what it showed (the loop guard for repeats). */
  ranCells: Map<string, string>;
  planRejected: boolean;
}

export interface TurnSite {
  ctx: RunContext;
  sandbox: Sandbox;
  turnNode: TraceNode;
  turn: number;
  memory: TurnMemory;
  /** The node sub-calls hang under while a cell runs; undefined when it ends. */
  enterCell(node: TraceNode | undefined): void;
  /** The files and lines read since the last call. */
  takeRefs(): TraceRef[];
  /** A cell ran (not a repeat), with what it read: the run's findings note it. */
  onCellRan?(code: string, result: CellResult, refs: readonly TraceRef[]): void;
}

export interface TurnResult {
  /** The accepted answer, when the turn ended the run. */
  final?: string;
  /** The next user message's parts: each cell's output, then notes for the model. */
  feedback: string[];
  /** What was stripped, ignored or noticed, for the turn's trace node. */
  notes: string[];
  /** What the conversation keeps of the reply: no reasoning; tool calls written out. */
  assistantText: string;
  /** The code of the cells that ran. */
  cells: string[];
  /** The last non-empty cell output, for a partial answer. */
  findings?: string;
  cancelled: boolean;
}

/** The root model's reply for a turn; an empty or reasoning-only reply is asked again once. */
export async function askRoot(ctx: RunContext, conversation: Conversation, turnNode: TraceNode, turn: number): Promise<Completion> {
  const label = `root model, turn ${turn}`;
  const asked = callRoot(ctx, conversation, { parent: turnNode, label });
  void loadReplyParsers(); // while the request is out (replyParsers.ts)
  const first = await asked;
  await loadReplyParsers();
  if (!isEmpty(first)) return first;
  // The nudge joins the last user message: some chat templates refuse two user turns in a row.
  const { messages } = conversation.render();
  const last = messages[messages.length - 1]!;
  const nudged = [...messages.slice(0, -1), { ...last, content: `${last.content}\n\n${say.EMPTY_RETRY}` }];
  // A failed retry leaves the empty reply: the turn is spent with its own message, the run goes on.
  return callModel(ctx, ctx.rootModel, nudged, {
    parent: turnNode,
    kind: 'llm',
    label: `${label} (asked again: the reply was empty)`,
  }).catch(() => first);
}

/** The turn's trace detail: what was stripped or ignored, and the feedback the model got. */
export function turnDetail(notes: readonly string[], feedback: readonly string[]): string {
  return [...notes, ...(feedback.length ? [`--- feedback ---\n${feedback.join('\n\n')}`] : [])].join('\n');
}

function isEmpty(completion: Completion): boolean {
  return !completion.toolCalls?.length && !parseReply(completion.text).text;
}

export async function playTurn(site: TurnSite, completion: Completion): Promise<TurnResult> {
  const { ctx, memory } = site;
  const reply = parseReply(completion.text);
  const notes = strippedNotes(reply, completion);
  const cut = completion.finishReason === 'length';
  const toolCells = reply.cells.length ? [] : codeFromToolCalls(completion.toolCalls ?? []);
  const cells: ReplyCell[] = reply.cells.length ? reply.cells : toolCells.map((t) => t.cell);
  const assistantText = [reply.text, renderToolCalls(completion.toolCalls ?? [])].filter(Boolean).join('\n');
  const feedback: string[] = toolCells.map((t) => say.CODE_FROM_TOOL_CALL(t.name));
  let final: string | undefined;
  let findings: string | undefined;

  const ran: string[] = [];
  const result = (extra: Partial<TurnResult>): TurnResult => ({
    feedback: extra.final === undefined ? feedback : [],
    notes,
    assistantText,
    cells: ran,
    cancelled: false,
    ...(findings !== undefined ? { findings } : {}),
    ...extra,
  });

  for (const [i, cell] of cells.entries()) {
    ran.push(cell.code);
    const cellRun = await runCell(site, cell, i + 1);
    feedback.push(cellRun.shown);
    if (cellRun.output) findings = cellRun.output;
    if (cellRun.final !== undefined) {
      final = cellRun.final;
      break;
    }
    if (ctx.signal.aborted) return result({ cancelled: true });
  }

  if (cells.length) {
    if (reply.final && final === undefined) feedback.push(say.FINAL_WITH_CODE);
    if (reply.unclosed) feedback.push(cut ? say.CUT_OFF : say.UNCLOSED);
    const foreign = say.foreignBlocks(reply.foreign, true);
    if (foreign) feedback.push(foreign);
  } else if (reply.final && cut) {
    // Where a cut reply's FINAL really ended is unknown.
    feedback.push(say.CUT_OFF);
  } else if (reply.final?.kind === 'var') {
    // FINAL_VAR(name) in prose reads the variable from the sandbox, as the call in code would.
    const cellRun = await runCell(site, { code: `FINAL_VAR(${JSON.stringify(reply.final.value)})`, lang: 'js', typesStripped: false }, 1);
    if (cellRun.final !== undefined) final = cellRun.final;
    else feedback.push(cellRun.shown);
  } else if (reply.final) {
    final = reply.final.value;
  } else {
    feedback.push(shapeFeedback(reply, completion, cut));
  }

  if (final !== undefined) {
    if (memory.planRejected || !looksLikePlan(final)) return result({ final });
    memory.planRejected = true;
    feedback.push(say.PLAN_NOT_ANSWER);
  }
  return result({});
}

/** Why a reply without code and without FINAL ran nothing, from the most specific cause. */
function shapeFeedback(reply: ParsedReply, completion: Completion, cut: boolean): string {
  if (completion.toolCalls?.length) return say.NO_TOOLS;
  if (cut) return say.CUT_OFF;
  if (reply.unclosed) return say.UNCLOSED;
  const foreign = say.foreignBlocks(reply.foreign, false);
  if (foreign) return foreign;
  if (!reply.text) return say.EMPTY;
  if (say.asksTheUser(reply.text)) return say.NOBODY_TO_ASK;
  return say.NO_CODE;
}

interface RanCell {
  shown: string;
  output?: string;
  final?: string;
}

async function runCell(site: TurnSite, cell: ReplyCell, index: number): Promise<RanCell> {
  const { ctx, memory } = site;
  // Numbered as its output is headed ("[cell 2 output]"): the node sits under its turn.
  const node = ctx.trace.start('cell', `cell ${index}`, site.turnNode, { detail: cell.code });
  const earlier = memory.ranCells.get(cell.code);
  if (earlier !== undefined) {
    ctx.trace.end(node, 'cached', { detail: `${cell.code}\n\n--- output (repeat) ---\n${earlier}` });
    return { shown: `[cell ${index}] You ran exactly this code before; its output was:\n${earlier}\nTry a different approach.` };
  }
  site.enterCell(node);
  site.takeRefs();
  const result = await site.sandbox.run(cell.code, { signal: AbortSignal.any([ctx.signal]) }); // own signal: see modelCall
  site.enterCell(undefined);
  const shown = describeCell(index, cell.code, result);
  memory.ranCells.set(cell.code, shown);
  // A cell cut short by the run's cancellation is cancelled, not an error in the model's code.
  const status = result.error ? (ctx.signal.aborted ? 'cancelled' : 'error') : 'ok';
  const refs = site.takeRefs();
  site.onCellRan?.(cell.code, result, refs);
  const stripped = cell.typesStripped ? '// (TypeScript: types stripped before running)\n' : '';
  ctx.trace.end(node, status, { detail: `${stripped}${cell.code}\n\n--- output ---\n${shown}`, ...(refs.length ? { refs } : {}) });
  return { shown, ...(result.output.trim() ? { output: result.output } : {}), ...(result.final ? { final: result.final.text } : {}) };
}

function describeCell(index: number, code: string, result: CellResult): string {
  const parts = [
    result.output.trim()
      ? `[cell ${index} output]\n${result.output.replace(/\n$/, '')}`
      : `[cell ${index}: no output — print() what you want to see]`,
  ];
  if (result.error) {
    parts.push(`[cell ${index} error] ${result.error}`);
    const hint = hintForCellError(code, result.error);
    if (hint) parts.push(hint);
  }
  if (result.restarted) parts.push('[the sandbox was restarted: variables from earlier cells are gone]');
  return parts.join('\n');
}

/** Tool calls whose arguments carry code (`{"code": "…"}`, as a "python"/"execute" tool would take). */
function codeFromToolCalls(calls: readonly ToolCall[]): Array<{ name: string; cell: ReplyCell }> {
  return calls.flatMap((call) => {
    const code = codeArgument(call.arguments);
    if (!code) return [];
    const cell = prepareCell(code, 'js');
    return [{ name: call.name, cell: { code: cell.code, lang: 'js', typesStripped: cell.typesStripped } }];
  });
}

function codeArgument(json: string): string | undefined {
  try {
    const args = JSON.parse(json) as Record<string, unknown>;
    const code = args.code ?? args.source ?? args.script;
    return typeof code === 'string' && code.trim() ? code : undefined;
  } catch {
    return undefined;
  }
}

function renderToolCalls(calls: readonly ToolCall[]): string {
  return calls.map((c) => `[tool call ${c.name}(${c.arguments})]`).join('\n');
}

/** What was removed or set aside before the reply was read, for the turn's trace node. */
function strippedNotes(reply: ParsedReply, completion: Completion): string[] {
  const notes: string[] = [];
  if (reply.reasoningChars) notes.push(`stripped: <think> reasoning (${reply.reasoningChars} chars)`);
  if (completion.reasoning) notes.push(`kept apart: reasoning field (${completion.reasoning.length} chars), not read as code`);
  for (const cell of reply.cells) if (cell.typesStripped) notes.push(`stripped: TypeScript types from a \`\`\`${cell.lang} cell`);
  if (reply.cells.some((c) => c.lang === '')) notes.push('ran: a bare ``` block holding JavaScript');
  for (const tag of reply.foreign) notes.push(`ignored: a \`\`\`${tag} block (not JavaScript)`);
  if (reply.unclosed) notes.push('ignored: a code block that never closed');
  if (reply.final && reply.cells.length) notes.push('ignored: a prose FINAL next to code');
  if (reply.final?.signOff && !reply.cells.length) notes.push(`ignored: text after FINAL(...): ${reply.final.signOff.slice(0, 200)}`);
  if (completion.toolCalls?.length) notes.push(`tool calls: ${completion.toolCalls.map((c) => c.name).join(', ')}`);
  if (completion.finishReason && completion.finishReason !== 'stop') notes.push(`finish reason: ${completion.finishReason}`);
  return notes;
}

/** A FINAL that announces work instead of reporting it ("I will look at…"), rejected once. */
export function looksLikePlan(text: string): boolean {
  const t = text.trim();
  if (t.length > 800) return false;
  return (
    /^(i will|i'll|i am going to|let me|let's|first,? i|to answer this|i need to|next,? i|plan:|step 1)/i.test(t) ||
    /\b(i will|i'll) (now )?(look|check|search|grep|read|examine|inspect|explore)\b/i.test(t)
  );
}

/** The answer in a best-answer reply: a prose FINAL, a ```js FINAL(...) cell run for its value, or the text. */
export async function unwrapBestAnswer(text: string, sandbox: Sandbox): Promise<string> {
  await loadReplyParsers();
  const reply = parseReply(text);
  const final = reply.final;
  if (final?.kind === 'text' && !reply.cells.length) return final.value;
  const codes = reply.cells.length ? reply.cells.map((c) => c.code) : final ? [`FINAL_VAR(${JSON.stringify(final.value)})`] : [];
  for (const code of codes) {
    const result = await sandbox.run(code, { timeoutMs: 10_000 });
    if (result.final) return result.final.text;
  }
  return reply.text;
}
