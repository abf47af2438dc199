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

/** What decides `rlm ask`'s listing, read from its arguments before commander loads. */
export interface EarlyListing {
  /** As given; none: the current folder. */
  workspaces: string[];
  include: string[];
  exclude: string[];
  allowSecrets: boolean;
}

/** `rlm ask`'s options that take a value (main.ts); a value is never read as an option. */
const VALUE_OPTIONS = new Set([
  '--timeout',
  '--memory',
  '--engine',
  '-m',
  '--model',
  '--sub-model',
  '--base-url',
  '--api-key',
  '--context-window',
  '--concurrency',
  '--max-depth',
  '--max-iterations',
  '--max-sub-calls',
  '--max-cost',
  '--trace',
]);
const FLAG_OPTIONS = new Set(['--no-redact', '--no-cache', '--json']);
const LISTS = { '-w': 'workspaces', '--workspace': 'workspaces', '--include': 'include', '--exclude': 'exclude' } as const;

/**
 * The listing rules of an `rlm ask` command line, or undefined for another command, help, or
 * anything this reading is not sure of (an unknown option, a question word that starts with
 * "-"): commander then reads it, and the listing starts once it has.
 */
export function askListing(argv: readonly string[]): EarlyListing | undefined {
  const [command, ...args] = argv.slice(2);
  if (command !== 'ask') return undefined;
  const listing: EarlyListing = { workspaces: [], include: [], exclude: [], allowSecrets: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') continue; // a word of the question
    // As commander reads them: `--name=value`, and a short option's value right after it (`-wsrc`).
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? (eq > 0 ? arg.slice(0, eq) : arg) : arg.slice(0, 2);
    const inline = name === arg ? undefined : arg.slice(name.length + (arg.startsWith('--') ? 1 : 0));
    if (name in LISTS) {
      const value = inline ?? args[++i];
      if (value === undefined) return undefined;
      listing[LISTS[name as keyof typeof LISTS]].push(value);
    } else if (name === '--allow-secrets' && inline === undefined) listing.allowSecrets = true;
    else if (VALUE_OPTIONS.has(name)) {
      if (inline === undefined) i++;
    } else if (!FLAG_OPTIONS.has(name) || inline !== undefined) return undefined;
  }
  return listing;
}
