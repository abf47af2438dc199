// Keeps the workspace listing warm between questions: one file watcher over the workspace
// reports what was created, deleted or changed to the tree cache, which drops (and lists again
// in the background) only what the change makes stale. VS Code's `files.watcherExclude` folders
// are not watched; their files' changes show after a reload.
import * as vscode from 'vscode';
import type { TreeCache } from '../workspace/treeCache.js';

export function watchListings(trees: TreeCache): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const report = (kind: 'created' | 'deleted' | 'changed') => (uri: vscode.Uri) => {
    if (uri.scheme === 'file') trees.onDiskChange(uri.fsPath, kind);
  };
  return vscode.Disposable.from(
    watcher,
    watcher.onDidCreate(report('created')),
    watcher.onDidDelete(report('deleted')),
    watcher.onDidChange(report('changed')),
    // A folder added or removed changes the roots, so the next question's tree is another one.
    vscode.workspace.onDidChangeWorkspaceFolders(() => trees.dispose()),
    { dispose: () => trees.dispose() },
  );
}
