// While a question runs: a status-bar item with live tokens and cost (click to cancel) and the
// `rlm.running` context key that enables the Cancel command.
import * as vscode from 'vscode';
import { RunTally } from '../common/runTotals.js';
import type { Services } from './services.js';

export function registerStatusBar({ runs }: Services): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('rlm.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Ask RLM';
  item.command = 'rlm.cancel';
  item.tooltip = 'Ask RLM is answering — click to cancel';
  const tallies = new Map<string, RunTally>();
  const render = () => {
    if (tallies.size === 0) {
      item.hide();
      return;
    }
    const total = new RunTally();
    for (const t of tallies.values()) total.plus(t);
    item.text = `$(loading~spin) RLM ${total.describe()}`;
    item.show();
  };
  const subscription = runs.onEvent((event) => {
    if (event.type === 'started') {
      tallies.set(event.run.id, new RunTally());
      void vscode.commands.executeCommand('setContext', 'rlm.running', true);
    } else if (event.type === 'trace') {
      tallies.get(event.runId)?.add(event.event);
    } else {
      tallies.delete(event.run.id);
      if (tallies.size === 0) void vscode.commands.executeCommand('setContext', 'rlm.running', false);
    }
    render();
  });
  return vscode.Disposable.from(item, subscription);
}
