// `rlm ask` starts ripgrep's walk of each workspace folder from its arguments, before commander
// and the workspace tree load (~30 ms of the first request's wait): the walk is its longest part.
// The listing then takes these very runs over (src/workspace/rgEarly.ts); a reading of the
// arguments that differs from commander's only starts a run that nobody takes and that is stopped.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { walkArgs } from '../workspace/listing.js';
import { ripgrepPath } from '../workspace/ripgrep.js';
import { startRipgrepEarly, type EarlyRun } from '../workspace/rgEarly.js';
import type { EarlyListing } from './earlyStart.js';

/** Starts the walk of each folder that exists (a missing one is for the CLI to report). */
export function startEarlyWalks(listing: EarlyListing, cwd = process.cwd()): EarlyRun[] {
  const folders = listing.workspaces.length ? listing.workspaces.map((dir) => resolve(dir)) : [cwd];
  const rules = { allowSecrets: listing.allowSecrets, include: listing.include, exclude: listing.exclude };
  return folders.flatMap((folder) => {
    const run = statSync(folder, { throwIfNoEntry: false })?.isDirectory() && startRipgrepEarly(ripgrepPath(), folder, walkArgs(rules));
    return run ? [run] : [];
  });
}
