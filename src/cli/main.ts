// The `rlm` command: argument parsing and exit codes; each subcommand lives in its own file,
// imported when it runs, so a command loads only its own code (`rlm ask` never loads the MCP SDK).
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { SANDBOX_ENGINES, type SandboxEngineChoice } from '../sandbox/createSandbox.js';
import { forkSpare } from '../sandbox/isolatedVm/isolateSpare.js';
import type { AskCliOptions } from './ask.js';
import type { SessionOptions } from './session.js';
import { UsageError } from './usageError.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const positiveNumber = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
};
const nonNegativeInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
};
const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
};

const contextWindow = (value: string) => {
  const n = positiveInt(value);
  if (n < 1024) throw new InvalidArgumentError('expected a number of tokens ≥ 1024');
  return n;
};

interface CommonFlags {
  workspace?: string[];
  timeout?: number;
  memory?: number;
  allowSecrets?: boolean;
  /** Commander's negatable `--no-redact`: true unless given. */
  redact?: boolean;
  include?: string[];
  exclude?: string[];
  engine?: SandboxEngineChoice;
}

/**
 * The sandbox's isolated-vm process boots while the command loads its modules (a quickjs sandbox
 * needs none). Mostly forked already, before this module loaded (rlm.ts, earlyStart.ts).
 */
function startSandboxProcess(flags: CommonFlags): void {
  if (flags.engine !== 'quickjs') forkSpare();
}

/** What commander hands the ask action besides the common flags: the run's own options, all optional. */
type AskFlags = Partial<Omit<AskCliOptions, 'question' | keyof SessionOptions>>;

/** The given keys of an object, leaving out the undefined ones. */
function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

function sessionOptions(flags: CommonFlags) {
  return {
    workspaces: flags.workspace?.length ? flags.workspace : [process.cwd()],
    ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
    ...(flags.memory !== undefined ? { memoryMb: flags.memory } : {}),
    allowSecrets: flags.allowSecrets ?? false,
    redactSecrets: flags.redact ?? true,
    ...(flags.include?.length ? { include: flags.include } : {}),
    ...(flags.exclude?.length ? { exclude: flags.exclude } : {}),
    ...(flags.engine !== undefined ? { engine: flags.engine } : {}),
  };
}

function withCommonFlags(command: Command): Command {
  return command
    .option('-w, --workspace <dir>', 'workspace folder (repeat for a multi-root workspace; default: current folder)', collect)
    .option('--timeout <ms>', 'time limit per code cell in milliseconds (default 60000)', positiveInt)
    .option('--memory <mb>', 'sandbox memory limit in MB (default 256)', positiveInt)
    .option('--allow-secrets', 'let the sandbox see secret files such as .env and private keys')
    .option('--no-redact', 'show credentials inside ordinary files (keys, tokens, passwords) instead of «redacted: kind» placeholders')
    .option('--include <glob>', 'show only files matching this glob (repeat for several; default: every file)', collect)
    .option('--exclude <glob>', 'hide files matching this glob, on top of .gitignore (repeat for several)', collect)
    .addOption(
      new Option(
        '--engine <name>',
        'sandbox engine: auto (isolated-vm where its native module loads, else quickjs), isolated-vm or quickjs',
      )
        .choices(['auto', ...SANDBOX_ENGINES])
        .default('auto'),
    );
}

/** The model and limits of a question run: `ask`, and the `ask` tool of `mcp`. */
function withRunFlags(command: Command): Command {
  return command
    .option('-m, --model <name>', 'root model (or RLM_MODEL)')
    .option('--sub-model <name>', 'model for llm() sub-calls (or RLM_SUB_MODEL; default: the root model)')
    .option('--base-url <url>', 'OpenAI-compatible endpoint (or OPENAI_BASE_URL; default: OpenAI when a key is set)')
    .option('--api-key <key>', 'API key (or OPENAI_API_KEY)')
    .option(
      '--context-window <tokens>',
      "the models' context window in tokens (or RLM_CONTEXT_WINDOW; default: known for well-known models, else 32768)",
      contextWindow,
    )
    .option('--concurrency <n>', 'sub-calls in flight at once, across the whole call tree (default 8)', positiveInt)
    .option('--max-depth <n>', 'deepest level of rlm() recursion, root = 0 (default 2; 0 = no sub-RLMs)', nonNegativeInt)
    .option('--max-iterations <n>', 'turns per RLM (default 20)', positiveInt)
    .option('--max-sub-calls <n>', 'llm() and rlm() calls in the whole run (default 300; 0 = none)', nonNegativeInt)
    .option('--max-cost <usd>', 'stop and answer with what is known at this cost in USD', positiveNumber)
    .option('--no-cache', 'neither read nor write the sub-call cache');
}

const RUN_FLAGS = [
  'model',
  'subModel',
  'baseUrl',
  'apiKey',
  'contextWindow',
  'concurrency',
  'maxDepth',
  'maxIterations',
  'maxSubCalls',
  'maxCost',
] as const;

export function buildProgram(): Command {
  const program = new Command('rlm')
    .description('Ask questions about a codebase with a Recursive Language Model, or explore it in the sandboxed REPL the model uses.')
    .showHelpAfterError()
    // Commander's own usage errors (bad option values, unknown options) exit 2 like ours; it
    // has already printed them.
    .exitOverride();

  withCommonFlags(program.command('exec'))
    .description('run JavaScript cells in the sandbox over a workspace and print the FINAL value')
    .argument('[file]', 'file with code to run, or - for standard input')
    .option('-c, --code <js>', 'a code cell (repeat for several cells, run in order)', collect)
    .option('--json', 'print {final, output, error, stats} as JSON')
    .action(async (file: string | undefined, flags: CommonFlags & { code?: string[]; json?: boolean }) => {
      startSandboxProcess(flags);
      const { runExec } = await import('./exec.js');
      process.exitCode = await runExec(
        { ...sessionOptions(flags), code: flags.code ?? [], ...(file ? { file } : {}), json: flags.json ?? false },
        { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
      );
    });

  withRunFlags(withCommonFlags(program.command('ask')))
    .description('ask a question about the workspace; the answer goes to stdout, live progress to stderr')
    .argument('<question...>', 'the question (quote it, or give several words)')
    .option('--trace <file>', 'write the call tree as JSONL')
    .option('--json', 'print {answer, status, partial, reason?, stats} as JSON')
    .action(async (words: string[], flags: CommonFlags & AskFlags) => {
      const controller = new AbortController();
      const onInterrupt = () => {
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write('\nrlm: cancelling — the answer so far follows (Ctrl+C again to quit at once)\n');
        controller.abort();
      };
      process.on('SIGINT', onInterrupt);
      const session = sessionOptions(flags);
      // The listing goes first and the engine loads while ripgrep walks the tree.
      const { cliRoots, ListingAhead, workspaceCacheDir } = await import('./listingAhead.js');
      const roots = cliRoots(session.workspaces);
      const listing = new ListingAhead({
        roots,
        listingCacheDir: workspaceCacheDir(
          roots.map((root) => root.path),
          'listing',
        ),
        allowSecrets: session.allowSecrets,
        redactSecrets: session.redactSecrets,
        include: session.include,
        exclude: session.exclude,
      });
      try {
        const { runAsk } = await import('./ask.js');
        process.exitCode = await runAsk(
          {
            ...session,
            question: words.join(' '),
            ...pick(flags, [...RUN_FLAGS, 'trace']),
            json: flags.json ?? false,
            cache: flags.cache ?? true,
          },
          {
            stdout: process.stdout,
            stderr: process.stderr,
            stdin: process.stdin,
            stderrIsTty: Boolean(process.stderr.isTTY),
            env: process.env,
          },
          controller.signal,
          listing,
        );
      } finally {
        listing.stop();
        process.off('SIGINT', onInterrupt);
      }
    });

  withCommonFlags(program.command('repl'))
    .description('an interactive prompt on the sandbox the model uses (.help lists the functions)')
    .action(async (flags: CommonFlags) => {
      startSandboxProcess(flags);
      const { runRepl } = await import('./repl.js');
      process.exitCode = await runRepl(sessionOptions(flags), {
        input: process.stdin,
        output: process.stdout,
        terminal: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      });
    });

  withRunFlags(withCommonFlags(program.command('mcp')))
    .description('serve ask and the workspace tools (grep, peek, glob, symbols, slice, refs, outline, tree) to an MCP client over stdio')
    .action(async (flags: CommonFlags & AskFlags) => {
      const { runMcp } = await import('./mcp/server.js');
      process.exitCode = await runMcp(
        { ...sessionOptions(flags), ...pick(flags, RUN_FLAGS), cache: flags.cache ?? true },
        { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env },
      );
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`rlm: ${(e as Error).message}\n`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  }
}
