// Extension entry point: each surface registers itself from its own file. Activation happens on
// use only (a command, the panel, @rlm); nothing here talks to a model or shows a message.
import type * as vscode from 'vscode';
import { registerChatParticipant } from './chat/chatParticipant.js';
import { registerCommands } from './commands.js';
import { registerRunEditor } from './editorView/runEditor.js';
import { registerLmTool } from './lmTool.js';
import { registerMcpServerProvider } from './mcpProvider.js';
import { registerPanel } from './panel/panelProvider.js';
import { createServices } from './services.js';
import { registerStatusBar } from './statusBar.js';

export function activate(context: vscode.ExtensionContext): void {
  const services = createServices(context);
  context.subscriptions.push(
    services,
    registerCommands(services),
    registerPanel(services),
    registerRunEditor(services),
    registerStatusBar(services),
    registerChatParticipant(services),
    registerLmTool(services),
    registerMcpServerProvider(services),
  );
  services.log.info(`Ask RLM ${String(context.extension.packageJSON.version)} activated`);
}

export function deactivate(): void {}
