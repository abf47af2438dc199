// Entry point of the `rlm` binary (bundled to dist/cli-main.mjs, which dist/cli.js loads). It
// holds only what starts before the CLI loads: the sandbox's isolate process for exec and repl,
// ripgrep's walk of the workspace for ask (earlyWalk.ts).
import { forkSpare } from '../sandbox/isolatedVm/isolateSpare.js';
import { askListing, startsIsolateProcess } from './earlyStart.js';
import { startEarlyWalks } from './earlyWalk.js';

if (startsIsolateProcess(process.argv)) forkSpare();
const listing = askListing(process.argv);
try {
  if (listing) startEarlyWalks(listing);
} catch {
  // the listing starts its walk itself
}
void import('./main.js').then(({ main }) => main(process.argv));
