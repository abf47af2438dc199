// Export of a run's call tree as JSONL: the run the panel shows (or the one asked for), saved
// where the user picks, then a "Saved to …" message with Open and Reveal buttons.
import * as vscode from 'vscode';
import type { Services } from './services.js';

export async function exportTrace(services: Services, shownRunId: string | undefined): Promise<void> {
  const { runs, log } = services;
  // Nothing shown (the panel not opened in this window yet): the newest run.
  const runId = shownRunId ?? runs.history.list()[0]?.id;
  const jsonl = runs.traceJsonl(runId);
  const record = runId ? runs.history.get(runId) : undefined;
  if (!jsonl) {
    const why = record?.traceNote ?? (runId ? 'this run has no call tree' : 'no run yet — ask a question first');
    void vscode.window.showInformationMessage(`RLM: nothing to export: ${lowerFirst(why)}`);
    return;
  }
  const folder = record?.roots[0] ? vscode.Uri.file(record.roots[0].path) : vscode.workspace.workspaceFolders?.[0]?.uri;
  const started = record ? new Date(record.startedMs) : new Date();
  const name = `rlm-trace-${started.toISOString().slice(0, 19).replace(/[T:]/g, '-')}.jsonl`;
  const target = await vscode.window.showSaveDialog({
    title: record ? `Export the call tree of “${record.question.slice(0, 60)}”` : 'Export RLM trace',
    filters: { 'JSON Lines': ['jsonl'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(jsonl));
  log.info(`trace${runId ? ` of run ${runId.slice(0, 8)}` : ''} exported to ${target.fsPath}`);
  const open = 'Open';
  const reveal = 'Reveal';
  const choice = await vscode.window.showInformationMessage(`RLM: Saved to ${target.fsPath}`, open, reveal);
  if (choice === open) await vscode.window.showTextDocument(target);
  // The explorer shows files of the workspace; anything else is revealed by the OS.
  if (choice === reveal)
    await vscode.commands.executeCommand(vscode.workspace.getWorkspaceFolder(target) ? 'revealInExplorer' : 'revealFileInOS', target);
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
