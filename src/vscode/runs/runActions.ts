// What VS Code does about a finished run outside the panel: the failed run's one fixing action
// (the panel's button; the words come from common/editorFailure.ts, as in the chat).
import * as vscode from 'vscode';
import { editorFailure, type FixAction } from '../../common/editorFailure.js';
import { askInEditor } from '../askInEditor.js';
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
