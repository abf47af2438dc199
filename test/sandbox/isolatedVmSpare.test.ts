// isolated-vm's spare process: the process's first sandbox starts without one (its boot would
// compete with the run's listing and first request), a cell's end forks one, and later starts
// (child rlm() calls) take it and fork the next. Counted from /proc: Linux only.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';

/** This process's children that run the isolate process script. */
function isolateProcesses(): number {
  const children = readdirSync('/proc/self/task').flatMap((task) =>
    readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(' ').filter(Boolean),
  );
  return children.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('isolateProcess.js');
    } catch {
      return false; // ended meanwhile
    }
  }).length;
}

describe.skipIf(process.platform !== 'linux')('isolated-vm spare process', () => {
  it('forks no spare beside the first sandbox, one when a cell ends, and the next when a start takes it', async () => {
    const first = await IsolatedVmSandbox.create({ functions: [] });
    try {
      expect(isolateProcesses()).toBe(1);
      expect((await first.run('1 + 1')).value).toBe('2');
      expect(isolateProcesses()).toBe(2);
      const child = await IsolatedVmSandbox.create({ functions: [] });
      try {
        expect(isolateProcesses()).toBe(3);
      } finally {
        child.dispose();
      }
    } finally {
      first.dispose();
    }
  });
});
