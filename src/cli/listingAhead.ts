// `rlm ask` starts listing the workspace before it loads the engine: ripgrep's walk is the
// first request's longest wait, and loading the engine, the model client and the sandbox fits
// inside it. The host's `openWorkspace` takes the tree through `WorkspaceOptions.trees`.
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { dropEarlyRipgrep } from '../workspace/rgEarly.js';
import { WorkspaceTree, type WorkspaceRoot, type WorkspaceTreeOptions } from '../workspace/workspaceTree.js';
import { UsageError } from './usageError.js';

export { workspaceCacheDir } from './cacheDir.js'; // main.ts names the listing's cache folder before the host loads

/** The folders given with --workspace, absolute and named; a missing one is a usage error. */
export function cliRoots(workspaces: readonly string[]): WorkspaceRoot[] {
  return workspaces.map((dir) => {
    const path = resolve(dir);
    if (!existsSync(path) || !statSync(path).isDirectory()) {
      throw new UsageError(`workspace folder not found: ${dir} (pass an existing folder with --workspace DIR)`);
    }
    return { path, name: basename(path) || path };
  });
}

/** A tree whose listing has started; handed to the host when it asks for a tree with the same rules. */
export class ListingAhead {
  private readonly started: WorkspaceTree;
  private readonly rules: string;
  private readonly stopped = new AbortController();

  constructor(options: WorkspaceTreeOptions) {
    this.started = new WorkspaceTree(options);
    this.rules = rulesKey(options);
    // Asked as the summary will ask (counts, counted during the walk); the host's own call reports a failure.
    // By then the walks have taken over the runs the entry point started (earlyWalk.ts): any left matched nothing.
    void this.started
      .listingCounts(this.stopped.signal)
      .catch(() => undefined)
      .finally(dropEarlyRipgrep);
  }

  tree(options: WorkspaceTreeOptions): WorkspaceTree {
    return rulesKey(options) === this.rules ? this.started : new WorkspaceTree(options);
  }

  /** Stops the listing unless the host waits for it too (a run that never started, e.g. no model given). */
  stop(): void {
    this.stopped.abort();
  }
}

/** What decides a tree's files and reads, with the defaults filled in. */
function rulesKey(options: WorkspaceTreeOptions): string {
  return JSON.stringify([
    options.roots.map((root) => [resolve(root.path), root.name ?? null]),
    options.allowSecrets ?? false,
    options.redactSecrets ?? true,
    options.include ?? [],
    options.exclude ?? [],
    options.maxReadBytes ?? null,
    options.rgPath ?? null,
  ]);
}
