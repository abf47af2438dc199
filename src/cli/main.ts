// The `rlm` command: argument parsing and exit codes; each subcommand lives in its own file.
import { Command, InvalidArgumentError } from 'commander';
import { runExec } from './exec.js';
import { runRepl } from './repl.js';
import { UsageError } from './session.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
};

interface CommonFlags {
  workspace?: string[];
  timeout?: number;
  memory?: number;
  allowSecrets?: boolean;
}

function sessionOptions(flags: CommonFlags) {
  return {
    workspaces: flags.workspace?.length ? flags.workspace : [process.cwd()],
    ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
    ...(flags.memory !== undefined ? { memoryMb: flags.memory } : {}),
    allowSecrets: flags.allowSecrets ?? false,
  };
}

function withCommonFlags(command: Command): Command {
  return command
    .option('-w, --workspace <dir>', 'workspace folder (repeat for a multi-root workspace; default: current folder)', collect)
    .option('--timeout <ms>', 'time limit per code cell in milliseconds (default 60000)', positiveInt)
    .option('--memory <mb>', 'sandbox memory limit in MB (default 256)', positiveInt)
    .option('--allow-secrets', 'let the sandbox see secret files such as .env and private keys');
}

export function buildProgram(): Command {
  const program = new Command('rlm')
    .description('Ask questions about a codebase with a Recursive Language Model, or explore it in the sandboxed REPL the model uses.')
    .showHelpAfterError();

  withCommonFlags(program.command('exec'))
    .description('run JavaScript cells in the sandbox over a workspace and print the FINAL value')
    .argument('[file]', 'file with code to run, or - for standard input')
    .option('-c, --code <js>', 'a code cell (repeat for several cells, run in order)', collect)
    .option('--json', 'print {final, output, error, stats} as JSON')
    .action(async (file: string | undefined, flags: CommonFlags & { code?: string[]; json?: boolean }) => {
      process.exitCode = await runExec(
        { ...sessionOptions(flags), code: flags.code ?? [], ...(file ? { file } : {}), json: flags.json ?? false },
        { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
      );
    });

  withCommonFlags(program.command('repl'))
    .description('an interactive prompt on the sandbox the model uses (.help lists the functions)')
    .action(async (flags: CommonFlags) => {
      process.exitCode = await runRepl(sessionOptions(flags), {
        input: process.stdin,
        output: process.stdout,
        terminal: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      });
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    process.stderr.write(`rlm: ${(e as Error).message}\n`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  }
}

