// The entry point forks the sandbox's isolate process before the CLI loads only for the commands
// that run one on isolated-vm: not for ask/mcp/--help, not for --engine quickjs. For ask it reads
// the listing's rules to start ripgrep's walk, and reads them as commander does.
import { describe, expect, it } from 'vitest';
import { askListing, startsIsolateProcess } from '../../src/cli/earlyStart.js';
import { buildProgram } from '../../src/cli/main.js';

const argv = (...args: string[]) => ['/usr/bin/node', '/usr/lib/node_modules/ask-rlm/dist/cli.js', ...args];

describe('startsIsolateProcess', () => {
  it('forks for exec and repl on the default or isolated-vm engine', () => {
    expect(startsIsolateProcess(argv('exec', '--code', 'print(1)'))).toBe(true);
    expect(startsIsolateProcess(argv('exec', '-w', 'src', 'cells.js'))).toBe(true);
    expect(startsIsolateProcess(argv('repl', '--engine', 'isolated-vm'))).toBe(true);
    expect(startsIsolateProcess(argv('exec', '--engine=auto', '-c', '1'))).toBe(true);
  });

  it('does not fork for other commands, help, or the quickjs engine', () => {
    expect(startsIsolateProcess(argv('ask', 'where is main?'))).toBe(false);
    expect(startsIsolateProcess(argv('mcp'))).toBe(false);
    expect(startsIsolateProcess(argv('--help'))).toBe(false);
    expect(startsIsolateProcess(argv())).toBe(false);
    expect(startsIsolateProcess(argv('exec', '--help'))).toBe(false);
    expect(startsIsolateProcess(argv('repl', '-h'))).toBe(false);
    expect(startsIsolateProcess(argv('exec', '--engine', 'quickjs', '-c', '1'))).toBe(false);
    expect(startsIsolateProcess(argv('repl', '--engine=quickjs'))).toBe(false);
  });

  it('reads no further than --', () => {
    expect(startsIsolateProcess(argv('exec', '--', '--engine=quickjs'))).toBe(true);
  });
});

describe('askListing', () => {
  const none = { workspaces: [], include: [], exclude: [], allowSecrets: false };

  it("reads ask's listing rules wherever they stand, in commander's forms", () => {
    expect(askListing(argv('ask', 'where is main?'))).toEqual(none);
    expect(
      askListing(
        argv(
          'ask',
          '-w',
          'a',
          '--workspace',
          'b',
          '--workspace=c',
          '-wd',
          'what',
          '--include',
          '*.py',
          '--exclude=build/**',
          '--allow-secrets',
        ),
      ),
    ).toEqual({ workspaces: ['a', 'b', 'c', 'd'], include: ['*.py'], exclude: ['build/**'], allowSecrets: true });
    // The values of other options are never read as options, even when they look like one.
    expect(askListing(argv('ask', '--model', '-w', '--base-url=http://x/v1', '--trace', 't.jsonl', '--json', 'q', '--no-redact'))).toEqual(
      none,
    );
  });

  it('reads nothing for other commands, help, or what it is not sure of', () => {
    expect(askListing(argv('exec', '-w', 'a'))).toBeUndefined();
    expect(askListing(argv('ask', '--help'))).toBeUndefined();
    expect(askListing(argv('ask', '-h', 'q'))).toBeUndefined();
    expect(askListing(argv('ask', '--unknown', 'q'))).toBeUndefined();
    expect(askListing(argv('ask', '--allow-secrets=yes', 'q'))).toBeUndefined();
    expect(askListing(argv('ask', 'q', '--workspace'))).toBeUndefined();
  });

  it('reads no further than --', () => {
    expect(askListing(argv('ask', '-w', 'a', '--', '-w', 'b'))).toEqual({ ...none, workspaces: ['a'] });
  });

  it("agrees with commander's reading of the same command lines", async () => {
    const lines = [
      ['ask', 'q'],
      ['ask', '-w', 'a', '--workspace', 'b', '--workspace=c', '-wd', 'q', '--include', '*.py', '--exclude=build/**', '--allow-secrets'],
      [
        'ask',
        '--model',
        '-w',
        '--base-url=http://x/v1',
        '--trace',
        't.jsonl',
        '--json',
        'q',
        '--no-redact',
        '-mx',
        '--engine',
        'quickjs',
        '--sub-model',
        's',
      ],
      ['ask', 'q', '--timeout', '5', '--memory', '64', '--context-window', '4096', '--max-cost', '1', '--no-cache', '--include=a/**'],
    ];
    for (const line of lines) {
      const program = buildProgram();
      let read: Record<string, unknown> = {};
      program.commands
        .find((command) => command.name() === 'ask')!
        .action((_words: string[], flags: Record<string, unknown>) => {
          read = flags;
        });
      await program.parseAsync(argv(...line));
      expect(askListing(argv(...line)), line.join(' ')).toEqual({
        workspaces: read.workspace ?? [],
        include: read.include ?? [],
        exclude: read.exclude ?? [],
        allowSecrets: read.allowSecrets ?? false,
      });
    }
  });
});
