// How `@rlm` tells the chat the way a run ended, from the status the engine decided. No vscode
// import, so it is unit-tested.
import { editorFailure, type FixAction } from '../../common/editorFailure.js';
import type { RunRecord } from '../runs/runRecord.js';

/** Said after the answer (or instead of it, when there is none); undefined for a done run. */
export function outcomeNote(record: Pick<RunRecord, 'status' | 'answer' | 'reason'>): string | undefined {
  switch (record.status) {
    case 'partial':
      return `*Partial answer: ${record.reason ?? 'a limit was reached'}.*`;
    case 'cancelled':
      return '*Cancelled.*';
    case 'failed': // said once, as the response's error (chatFailure)
    case 'done':
      return undefined;
  }
}

/**
 * A failed run in the chat: the error the response ends with, and the button that fixes it.
 * Retry is the chat's own (it offers it on every failed response), so it gets no button here.
 */
export function chatFailure(record: Pick<RunRecord, 'failure' | 'reason'>): { message: string; button?: FixAction } {
  if (!record.failure) return { message: `The run failed: ${record.reason ?? 'unknown error'}` };
  const { text, action } = editorFailure(record.failure);
  return { message: text, ...(action.kind !== 'retry' ? { button: action } : {}) };
}

/** The button that cancels the running question (`rlm.cancel`), for a refused second question. */
export const CANCEL_RUNNING = { command: 'rlm.cancel', title: 'Cancel Running Question' } as const;

/**
 * A question asked while another runs (from the chat, the panel or the palette) is refused, as
 * the panel refuses it: one question at a time, and the way out. The chat cannot re-send the
 * request itself, so the user cancels and asks again.
 */
export function busyNote(runningQuestion: string): string {
  return `RLM is still answering “${runningQuestion}”, and answers one question at a time. Wait for it, or cancel it (the button below, or Cancel in the RLM panel) and ask this again.`;
}
