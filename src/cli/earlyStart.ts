// What the `rlm` entry point starts before it loads the CLI itself (commander, the command's
// modules): `exec` and `repl` fork the sandbox's isolate process, whose start (Node without its
// snapshot, then isolated-vm) is on the way to their first cell. A reading of the arguments that
// misses only delays the fork: main.ts forks it (once) when the command runs.

/** Whether the arguments name a command that runs an isolated-vm sandbox (not `--engine quickjs`, not help). */
export function startsIsolateProcess(argv: readonly string[]): boolean {
  const [command, ...args] = argv.slice(2);
  if (command !== 'exec' && command !== 'repl') return false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    if (arg === '-h' || arg === '--help') return false;
    if (arg === '--engine=quickjs' || (arg === '--engine' && args[i + 1] === 'quickjs')) return false;
  }
  return true;
}
