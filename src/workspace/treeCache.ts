// Workspace trees kept between runs (the extension): the next question finds the listing warm,
// so its first request waits for no ripgrep walk. A file watcher reports what changed on disk;
// a tree whose listing that drops lists again in the background once the changes settle.
import { WorkspaceTree, type WorkspaceTreeOptions } from './workspaceTree.js';

/** Quiet time after the last change before a dropped listing is made again (a checkout touches thousands of files). */
const RELIST_DELAY_MS = 500;

interface Entry {
  tree: WorkspaceTree;
  /** Stops the background listing when another change comes first. */
  relisting?: AbortController;
  timer?: ReturnType<typeof setTimeout>;
}

export class TreeCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly relistDelayMs = RELIST_DELAY_MS) {}

  /** The tree for these folders and visibility rules, the same object until they change; its listing starts at once. */
  tree(options: WorkspaceTreeOptions): WorkspaceTree {
    const key = JSON.stringify([options.roots, options.allowSecrets, options.redactSecrets, options.exclude, options.include]);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { tree: new WorkspaceTree(options) };
      this.entries.set(key, entry);
      this.relist(entry);
    }
    return entry.tree;
  }

  /** From the file watcher: a path created, deleted or changed. */
  onDiskChange(absPath: string, kind: 'created' | 'deleted' | 'changed'): void {
    for (const entry of this.entries.values()) {
      if (!entry.tree.onDiskChange(absPath, kind)) continue;
      entry.relisting?.abort();
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => this.relist(entry), this.relistDelayMs);
      entry.timer.unref?.();
    }
  }

  dispose(): void {
    for (const entry of this.entries.values()) {
      entry.relisting?.abort();
      clearTimeout(entry.timer);
    }
    this.entries.clear();
  }

  private relist(entry: Entry): void {
    const controller = new AbortController();
    entry.relisting = controller;
    // A failure (a folder deleted) shows up, with its message, when a question lists again.
    entry.tree.files(controller.signal).catch(() => undefined);
  }
}
