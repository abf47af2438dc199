// The entry point forks the sandbox's isolate process before the CLI loads only for the commands
// that run one on isolated-vm: not for ask/mcp/--help, not for --engine quickjs.
import { describe, expect, it } from 'vitest';
import { startsIsolateProcess } from '../../src/cli/earlyStart.js';

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
