// What every surface shares, created once in activate.
import * as vscode from 'vscode';
import { TreeCache } from '../workspace/treeCache.js';
import { watchListings } from './listingWatcher.js';
import { createLog, type OutputLog } from './log.js';
import { QuestionHistory } from './runs/questionHistory.js';
import { RunHistory } from './runs/runHistory.js';
import { RunService } from './runs/runService.js';
import { readSettings, withFilesExclude, type RlmSettings } from './settings.js';
import { workspaceRoots } from './workspaceRoots.js';

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
  // Each workspace has its own history; runs older versions kept for every window move to theirs.
  const history = new RunHistory(context.workspaceState);
  void history
    .adoptShared(
      context.globalState,
      workspaceRoots().map((r) => r.path),
    )
    .catch((error: unknown) => log.warn(`moving the shared history to this workspace: ${String(error)}`));
  const trees = new TreeCache();
  const watching = watchListings(trees);
  const runs = new RunService({ storageDir: context.globalStorageUri.fsPath, history, log, trees });
  // Other folders: the open conversations' REPLs hold what was found in the old ones.
  const folders = vscode.workspace.onDidChangeWorkspaceFolders(() => runs.conversations.closeAll());
  return {
    context,
    log,
    runs,
    questions: new QuestionHistory(context.workspaceState, context.globalState),
    settings: () =>
      withFilesExclude(readSettings(vscode.workspace.getConfiguration('rlm')), vscode.workspace.getConfiguration('files').get('exclude')),
    dispose: () => {
      folders.dispose();
      runs.dispose();
      watching.dispose();
      log.dispose();
    },
  };
}
