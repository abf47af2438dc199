// The window side of the notices (runEndedNotice.ts): the run ended while the panel was hidden,
// no model is set up. A progress notification, the one kind an extension can close.
import * as vscode from 'vscode';
import { RunEndedNotice } from './runEndedNotice.js';

/** A notice in VS Code's window: shown until its RunEndedNotice closes it. */
export function windowNotice(): RunEndedNotice {
  return new RunEndedNotice({
    showUntil: (message, closed) =>
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: message, cancellable: false },
        async (progress) => {
          // A full bar, not the running one: nothing is running.
          progress.report({ increment: 100 });
          await closed;
        },
      ),
    get focused() {
      return vscode.window.state.focused;
    },
    onDidChangeFocus: (listener) => vscode.window.onDidChangeWindowState((state) => listener(state.focused)),
  });
}
