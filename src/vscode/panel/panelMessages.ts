// Host side of the panel protocol (src/protocol/messages.ts): run events → messages for the
// webview, and checking what the webview sends before acting on it. No vscode import.
import { zeroTotals } from '../../common/runTotals.js';
import type { HostToWebview, WebviewToHost } from '../../protocol/messages.js';
import type { RunEvent } from '../runs/runService.js';

export function toWebviewMessage(event: RunEvent): HostToWebview {
  switch (event.type) {
    case 'started':
      return { type: 'run-started', run: event.run };
    case 'trace':
      return { type: 'trace', runId: event.runId, event: event.event };
    case 'finished': {
      const { run } = event;
      return {
        type: 'run-finished',
        runId: run.id,
        status: run.status,
        answer: run.answer,
        ...(run.reason !== undefined ? { reason: run.reason } : {}),
        ...(run.findings ? { findings: run.findings } : {}),
        ...(run.citations ? { citations: run.citations } : {}),
        ...(run.failure ? { failure: run.failure } : {}),
        stats: run.stats ?? zeroTotals(),
      };
    }
  }
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** The message if it is one the panel may send, else undefined (a webview is not trusted input). */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'ask':
      if (!isString(m.question) || !m.question.trim()) return undefined;
      if (m.followUpOf === undefined) return { type: 'ask', question: m.question };
      return isString(m.followUpOf) ? { type: 'ask', question: m.question, followUpOf: m.followUpOf } : undefined;
    case 'rerun':
    case 'copy-answer':
    case 'cancel':
    case 'open-run':
    case 'export-trace':
    case 'open-in-editor':
    case 'fix-failure':
      return isString(m.runId) ? { type: m.type, runId: m.runId } : undefined;
    case 'open-citation':
      return isString(m.path) && typeof m.line === 'number' && Number.isInteger(m.line) && m.line >= 1
        ? { type: 'open-citation', path: m.path, line: m.line }
        : undefined;
    default:
      return undefined;
  }
}
