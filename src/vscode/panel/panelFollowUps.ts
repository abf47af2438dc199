// The panel's conversation buttons, host side: a follow-up of a shown run asks in that run's
// conversation over its folders; Re-run asks a run's question again as it was asked (its
// folders, and as a follow-up of what it followed); Copy answer puts the answer's markdown on
// the clipboard. No vscode import, so it is unit-tested.
import type { AskFrom } from '../askInEditor.js';
import type { PreviousRun } from '../runs/conversations.js';
import type { RunRecord } from '../runs/runRecord.js';

export interface RunLookup {
  get(id: string): RunRecord | undefined;
}

/** A follow-up of `runId`; undefined when the run is not in the history any more. */
export function followUpFrom(history: RunLookup, runId: string): AskFrom | undefined {
  const record = history.get(runId);
  return record ? { roots: record.roots, ...scopeOf(record), previous: previousRun(record) } : undefined;
}

/** The question of `runId`, to ask again as it was asked. */
export function rerunOf(history: RunLookup, runId: string): { question: string; from: AskFrom } | undefined {
  const record = history.get(runId);
  if (!record) return undefined;
  const followed = record.followUpOf ? history.get(record.followUpOf) : undefined;
  return {
    question: record.question,
    from: { roots: record.roots, ...scopeOf(record), ...(followed ? { previous: previousRun(followed) } : {}) },
  };
}

/** The answer as markdown, with what the run found when it ended without a final answer. */
export function answerMarkdown(record: RunRecord): string {
  return [record.answer.trim(), record.findings?.trim()].filter(Boolean).join('\n\n---\n\n');
}

function previousRun(record: RunRecord): PreviousRun {
  return { runId: record.id, question: record.question, answer: record.answer, status: record.status };
}

function scopeOf(record: RunRecord): { scope?: string } {
  return record.scope !== undefined ? { scope: record.scope } : {};
}
