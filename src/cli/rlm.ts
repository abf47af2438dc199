// Entry point of the `rlm` binary (bundled to dist/cli-main.mjs, which dist/cli.js loads). It
// holds only what starts before the CLI loads: the sandbox's isolate process for exec and repl.
import { forkSpare } from '../sandbox/isolatedVm/isolateSpare.js';
import { startsIsolateProcess } from './earlyStart.js';

if (startsIsolateProcess(process.argv)) forkSpare();
void import('./main.js').then(({ main }) => main(process.argv));
