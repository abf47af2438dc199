// Extension entry point. Each surface registers itself from its own file; the commands,
// panel and chat participant arrive with the extension issue. Until then activation only
// sets up the shared log channel.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('RLM', { log: true });
  context.subscriptions.push(log);
  log.info('Ask RLM activated');
}

export function deactivate(): void {}
