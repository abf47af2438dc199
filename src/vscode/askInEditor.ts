// A question from the palette, the folder menu or the panel: pick the models, mount the
// folders, run under a cancellable progress notification and show it in the panel.
import * as vscode from 'vscode';
import { chooseModels, NoModelError } from './models/chooseModels.js';
import type { PreviousRun } from './runs/conversations.js';
import { truncate } from './runs/questionText.js';
import { noModelMessage, type RunEndedNotice } from './runs/runEndedNotice.js';
import type { RunRecord } from './runs/runRecord.js';
import { windowNotice } from './runs/windowNotice.js';
import type { Services } from './services.js';
import { SETTINGS_FILTER } from './settings.js';
import type { MountedRoot } from './workspacePaths.js';
import { folderLabel, folderRoot, workspaceRoots } from './workspaceRoots.js';

/** Where a question from the panel goes: a follow-up or a re-run keeps the folders of the run it comes from. */
export interface AskFrom {
  roots: MountedRoot[];
  scope?: string;
  previous?: PreviousRun;
}

export async function askInEditor(
  services: Services,
  question: string,
  folder?: vscode.Uri,
  from?: AskFrom,
): Promise<RunRecord | undefined> {
  const roots = from?.roots ?? (folder ? [folderRoot(folder.fsPath)] : workspaceRoots());
  if (roots.length === 0) {
    void vscode.window.showErrorMessage('Ask RLM needs a folder on disk: open a folder or workspace first.');
    return undefined;
  }
  noModelNotice?.dismiss();
  const running = services.runs.activeRuns()[0];
  if (running) return refuseSecondRun(services, running.run.question, () => askInEditor(services, question, folder));
  const settings = services.settings();
  let models;
  try {
    models = await chooseModels(settings, services.context.secrets);
  } catch (error) {
    if (error instanceof NoModelError) return void showNoModel(error);
    throw error;
  }
  await services.questions.add(question);
  void vscode.commands.executeCommand('rlm.panel.focus');
  const scope = from ? from.scope : folder ? folderLabel(folder) : undefined;
  const record = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `RLM: ${truncate(question, 60)}`, cancellable: true },
    (progress, token) =>
      services.runs.run({
        question,
        roots,
        ...(scope !== undefined ? { scope } : {}),
        settings,
        models,
        token,
        ...(from?.previous ? { previous: from.previous } : {}),
        notifyIfHidden: true,
        onTrace: (event) => {
          if (event.type === 'start' && (event.node.kind === 'turn' || event.node.kind === 'rlm'))
            progress.report({ message: truncate(event.node.label, 80) });
        },
      }),
  );
  // A failure shows once, in the panel with its fixing button (or, hidden, in the run's notification):
  // no toast of its own to outlive it into the next run.
  return record;
}

/**
 * One question at a time from the editor: a second one is refused, not queued — a queued run
 * would start minutes later, unseen, spending on an answer the user may no longer want. The
 * message offers the way out: cancel the running one and ask this one instead.
 */
async function refuseSecondRun(
  services: Services,
  runningQuestion: string,
  askInstead: () => Promise<RunRecord | undefined>,
): Promise<RunRecord | undefined> {
  const cancel = 'Cancel It and Ask';
  const choice = await vscode.window.showWarningMessage(
    `RLM is still answering “${truncate(runningQuestion, 60)}”. Wait for it, or cancel it and ask this question instead.`,
    cancel,
  );
  if (choice !== cancel) return undefined;
  const idle = whenIdle(services);
  services.runs.cancelAll();
  await idle;
  return askInstead();
}

/** Resolves once no run is going (a cancelled run ends with its partial answer first). */
function whenIdle({ runs }: Services): Promise<void> {
  if (!runs.running) return Promise.resolve();
  return new Promise((resolve) => {
    const subscription = runs.onEvent((event) => {
      if (event.type === 'finished' && !runs.running) {
        subscription.dispose();
        resolve();
      }
    });
  });
}

let noModelNotice: RunEndedNotice | undefined;

/**
 * What to configure, with links that lead there, in a notice like the run-ended one (not a sticky
 * error toast): it fades once the window has had focus for a while, and the next question closes it.
 */
export function showNoModel(error: NoModelError): void {
  noModelNotice ??= windowNotice();
  noModelNotice.showMessage(noModelMessage(error, SETTINGS_FILTER));
}
