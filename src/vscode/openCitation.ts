// Opens a cited `path:line` of a run in an editor, in the folders that run mounted
// (citationTarget.ts); the panel and the editor view of a run both do this.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { citationTarget } from './citationTarget.js';
import type { Services } from './services.js';
import { workspaceRoots } from './workspaceRoots.js';

export async function openCitation(services: Services, runId: string | undefined, path: string, line: number): Promise<void> {
  const record = runId ? services.runs.history.get(runId) : undefined;
  const target = citationTarget(path, record?.roots, workspaceRoots(), existsSync);
  if ('problem' in target) {
    void vscode.window.showWarningMessage(`RLM: ${target.problem}`);
    return;
  }
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(vscode.Uri.file(target.file), { selection: new vscode.Range(position, position), preview: true });
}
