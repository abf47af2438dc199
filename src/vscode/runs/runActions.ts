// What VS Code does about a finished run outside the panel: the failed run's one fixing action
// (the panel's and the notification's button), and the notification when a run ends while the
// panel is hidden. The words come from common/editorFailure.ts, as in the panel and the chat.
import * as vscode from 'vscode';
import { editorFailure, type FixAction } from '../../common/editorFailure.js';
import { askInEditor, truncate } from '../askInEditor.js';
import type { Services } from '../services.js';
import type { RunRecord } from './runRecord.js';

const RETRY: FixAction = { kind: 'retry', label: 'Retry' };

/** The failed run's action: Set API Key, the setting to check, or the same question again. */
export function fixActionOf(record: RunRecord): FixAction {
  return record.failure ? editorFailure(record.failure).action : RETRY;
}

export async function runFixAction(services: Services, record: RunRecord): Promise<void> {
  const action = fixActionOf(record);
  switch (action.kind) {
    case 'set-api-key':
      await vscode.commands.executeCommand('rlm.setApiKey');
      return;
    case 'open-setting':
      await vscode.commands.executeCommand('workbench.action.openSettings', action.setting);
      return;
    case 'retry': {
      // A folder-scoped run mounted just that folder.
      const folder = record.scope !== undefined && record.roots[0] ? vscode.Uri.file(record.roots[0].path) : undefined;
      await askInEditor(services, record.question, folder);
      return;
    }
  }
}

/** A run ended with the panel hidden: say how, with Open (and the fix, for a failed run). */
export async function notifyRunEnded(services: Services, record: RunRecord, showRun: (runId: string) => Promise<void>): Promise<void> {
  const open = 'Open';
  const question = `“${truncate(record.question, 60)}”`;
  if (record.status === 'failed') {
    const fix = fixActionOf(record);
    const text = record.failure ? editorFailure(record.failure).text : (record.reason ?? 'The run failed.');
    const choice = await vscode.window.showErrorMessage(`RLM could not answer ${question}: ${text}`, fix.label, open);
    if (choice === fix.label) await runFixAction(services, record);
    if (choice === open) await showRun(record.id);
    return;
  }
  const how = { done: 'answered', partial: 'has a partial answer to', cancelled: 'stopped on' }[record.status];
  const choice = await vscode.window.showInformationMessage(`RLM ${how} ${question}.`, open);
  if (choice === open) await showRun(record.id);
}
