// The folders a question sees: the workspace's folders on disk — a folder of another scheme
// (remote, virtual) has no path the engine can read — or the one folder the user picked.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { MountedRoot } from './workspacePaths.js';

export function workspaceRoots(): MountedRoot[] {
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => ({ path: f.uri.fsPath, name: f.name }));
}

/** A folder asked about on its own (the explorer action, chat's /folder). */
export function folderRoot(path: string): MountedRoot {
  return { path, name: basename(path) };
}

/** How a folder is named to the user: relative to the workspace (with the root's name in a multi-root one). */
export function folderLabel(folder: vscode.Uri): string {
  // A workspace folder itself is relative to nothing: it goes by its name.
  return vscode.workspace.asRelativePath(folder) || basename(folder.fsPath);
}
