// What every surface shares, created once in activate.
import * as vscode from 'vscode';
import { createLog, type OutputLog } from './log.js';
import { QuestionHistory } from './runs/questionHistory.js';
import { RunHistory } from './runs/runHistory.js';
import { RunService } from './runs/runService.js';
import { readSettings, withFilesExclude, type RlmSettings } from './settings.js';

export interface Services {
  context: vscode.ExtensionContext;
  log: OutputLog;
  runs: RunService;
  questions: QuestionHistory;
  /** Read at use, so a changed setting applies to the next question. */
  settings(): RlmSettings;
}

export function createServices(context: vscode.ExtensionContext): Services & vscode.Disposable {
  const log = createLog();
  const runs = new RunService({ storageDir: context.globalStorageUri.fsPath, history: new RunHistory(context.globalState), log });
  return {
    context,
    log,
    runs,
    questions: new QuestionHistory(context.globalState),
    settings: () =>
      withFilesExclude(readSettings(vscode.workspace.getConfiguration('rlm')), vscode.workspace.getConfiguration('files').get('exclude')),
    dispose: () => {
      runs.dispose();
      log.dispose();
    },
  };
}
