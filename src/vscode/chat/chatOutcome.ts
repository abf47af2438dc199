// How `@rlm` tells the chat the way a run ended, from the status the engine decided. No vscode
// import, so it is unit-tested.
import type { RunRecord } from '../runs/runRecord.js';

/** Said after the answer (or instead of it, when there is none); undefined for a done run. */
export function outcomeNote(record: Pick<RunRecord, 'status' | 'answer' | 'reason'>): string | undefined {
  switch (record.status) {
    case 'partial':
      return `*Partial answer: ${record.reason ?? 'a limit was reached'}.*`;
    case 'cancelled':
      return '*Cancelled.*';
    case 'failed':
      // The engine's answer to a failed run, when it has one, already says why.
      return record.answer ? undefined : `The run failed: ${record.reason ?? 'unknown error'}`;
    case 'done':
      return undefined;
  }
}
