// What the `ask_rlm` language-model tool hands back to the model that called it: the answer,
// its citations resolved to files on disk (so an agent can open them), the files the run read,
// and how the run ended; for a failed run, the error it throws instead. No vscode import.
import { editorFailure, sentence, type FixAction } from '../common/editorFailure.js';
import type { TraceRef } from '../protocol/trace.js';
import { linkCitations } from './chat/chatFormat.js';
import type { RunRecord } from './runs/runRecord.js';
import { resolveWorkspacePath, type MountedRoot } from './workspacePaths.js';

const MAX_FILES_READ = 30;

export function lmToolResultText(record: Pick<RunRecord, 'answer' | 'status' | 'reason' | 'roots'>, refs: readonly TraceRef[]): string {
  const cited = citations(record.answer, record.roots);
  const parts = [record.answer || '(no answer)'];
  if (record.status !== 'done') parts.push(`Partial answer (${record.status}${record.reason ? `: ${record.reason}` : ''}).`);
  if (cited.length) parts.push(['Citations (workspace path → file on disk):', ...cited.map((c) => `- ${c}`)].join('\n'));
  const read = refs.slice(0, MAX_FILES_READ).map((r) => `- ${r.path}:${r.startLine}-${r.endLine}`);
  if (read.length)
    parts.push(
      ['Files the run read:', ...read, ...(refs.length > MAX_FILES_READ ? [`- … and ${refs.length - MAX_FILES_READ} more`] : [])].join(
        '\n',
      ),
    );
  return parts.join('\n\n');
}

/** Each distinct `path:line` citation of the answer that names a file in the mounted folders. */
function citations(answer: string, roots: readonly MountedRoot[]): string[] {
  const found = new Set<string>();
  linkCitations(answer, (path, line) => {
    const file = resolveWorkspacePath(path, roots);
    if (file) found.add(`${path}:${line} → ${file}:${line}`);
    return undefined; // collecting only; the answer stays as the model wrote it
  });
  return [...found];
}

/** The palette title of `rlm.setApiKey` (package.json; a unit test keeps the two in step). */
export const SET_API_KEY_TITLE = 'RLM: Set API Key for OpenAI-compatible Model';

/** The palette title of `rlm.cancel` (package.json; a unit test keeps the two in step). */
export const CANCEL_RUNNING_TITLE = 'RLM: Cancel Running Question';

/**
 * The tool's result when another question is running: nothing ran (one question at a time, as in
 * the chat and the panel), which question holds it, and what the calling agent can do: wait and
 * call again, or ask the user, who alone may cancel it.
 */
export function lmToolBusyText(runningQuestion: string): string {
  return `ask_rlm did not run: Ask RLM answers one question at a time and is still answering “${runningQuestion}”. Call ask_rlm again once that run has finished, or ask the user whether to cancel it ("${CANCEL_RUNNING_TITLE}" in the Command Palette, or Cancel in the RLM panel).`;
}

/**
 * A failed run as the tool's error: what failed, in the panel's words, then what the *user* must
 * do in VS Code (the calling model can only relay it) and whether calling the tool again helps.
 */
export function lmToolFailureText(record: Pick<RunRecord, 'failure' | 'reason'>): string {
  if (!record.failure) return `The ask_rlm run failed: ${sentence(record.reason ?? 'unknown error')}`;
  const { text, action } = editorFailure(record.failure);
  return `The ask_rlm run failed: ${text} ${userStep(action)}`;
}

function userStep(action: FixAction): string {
  switch (action.kind) {
    case 'set-api-key':
      return `Only the user can fix this: ask them to run "${SET_API_KEY_TITLE}" from the Command Palette. Calling ask_rlm again fails until then.`;
    case 'open-setting':
      return `Only the user can fix this, in the VS Code setting "${action.setting}" (Command Palette: "Preferences: Open Settings (UI)", search ${action.setting}). Calling ask_rlm again fails until then.`;
    case 'retry':
      return 'Calling ask_rlm again in a moment may work.';
  }
}
