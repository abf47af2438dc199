// The palette and explorer commands and the API key commands (trace export is the panel's: it exports the run shown).
import * as vscode from 'vscode';
import { askInEditor } from './askInEditor.js';
import { folderLabel } from './workspaceRoots.js';
import { API_KEY_SECRET } from './models/chooseModels.js';
import type { Services } from './services.js';

export function registerCommands(services: Services): vscode.Disposable {
  const { runs, log, context } = services;
  return vscode.Disposable.from(
    vscode.commands.registerCommand('rlm.askWorkspace', async () => {
      const question = await askQuestion(services.questions.list(), 'Ask about the workspace');
      if (question) await askInEditor(services, question);
    }),
    vscode.commands.registerCommand('rlm.askFolder', async (folder?: vscode.Uri) => {
      if (!(folder instanceof vscode.Uri)) return vscode.commands.executeCommand('rlm.askWorkspace');
      const question = await askQuestion(services.questions.list(), `Ask about ${folderLabel(folder)}`);
      if (question) await askInEditor(services, question, folder);
    }),
    vscode.commands.registerCommand('rlm.setApiKey', async () => {
      const key = await vscode.window.showInputBox({
        title: 'API key for the OpenAI-compatible server',
        prompt: 'Kept in VS Code secret storage and sent only to the server in "rlm.baseUrl".',
        password: true,
        ignoreFocusOut: true,
      });
      if (!key?.trim()) return;
      await context.secrets.store(API_KEY_SECRET, key.trim());
      log.info('API key stored');
      void vscode.window.showInformationMessage('RLM: API key saved.');
    }),
    vscode.commands.registerCommand('rlm.clearApiKey', async () => {
      await context.secrets.delete(API_KEY_SECRET);
      log.info('API key cleared');
      void vscode.window.showInformationMessage('RLM: API key removed.');
    }),
    vscode.commands.registerCommand('rlm.cancel', () => runs.cancelAll()),
  );
}

/** A question box that offers the recent questions; typing a new one works as in an input box. */
async function askQuestion(recent: string[], title: string): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick();
  pick.title = title;
  pick.placeholder = 'Type a question, or pick a recent one';
  pick.ignoreFocusOut = true;
  const recentItems = recent.map((label) => ({ label, description: 'recent' }));
  pick.items = recentItems;
  const disposables: vscode.Disposable[] = [pick];
  try {
    return await new Promise<string | undefined>((resolve) => {
      disposables.push(
        pick.onDidChangeValue((value) => {
          const typed = value.trim();
          pick.items = typed ? [{ label: typed }, ...recentItems.filter((i) => i.label !== typed)] : recentItems;
        }),
        pick.onDidAccept(() => resolve((pick.selectedItems[0]?.label ?? pick.value).trim() || undefined)),
        pick.onDidHide(() => resolve(undefined)),
      );
      pick.show();
    });
  } finally {
    for (const d of disposables) d.dispose();
  }
}
