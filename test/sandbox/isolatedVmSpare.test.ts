// isolated-vm's spare process: the process's first sandbox starts without one (its boot would
// compete with the run's listing and first request), a cell's end forks one, and later starts
// (child rlm() calls) take it and fork the next; the process starts without the host's extra CA
// certificates (Node parses them at start-up, and the process makes no TLS connection), and with
// a young generation sized for large results rather than the 4 MB isolated-vm derives from the
// memory limit (isolateSpare.ts ISOLATE_PROCESS_FLAGS). Read from /proc: Linux only.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';

/** The pids of this process's children that run the isolate process script. */
function isolatePids(): string[] {
  const children = readdirSync('/proc/self/task').flatMap((task) =>
    readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(' ').filter(Boolean),
  );
  return children.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('isolateProcess.js');
    } catch {
      return false; // ended meanwhile
    }
  });
}

const isolateProcesses = () => isolatePids().length;

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

  it('starts the isolate process without NODE_EXTRA_CA_CERTS, as plain Node, with the rest of the environment', async () => {
    (await IsolatedVmSandbox.create({ functions: [] }, false)).dispose(); // takes a spare forked earlier
    const saved = process.env.NODE_EXTRA_CA_CERTS;
    process.env.NODE_EXTRA_CA_CERTS = '/etc/ssl/certs/ca-certificates.crt';
    process.env.RLM_TEST_MARK = 'kept';
    const sandbox = await IsolatedVmSandbox.create({ functions: [] }, false);
    try {
      const [pid] = isolatePids();
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      expect(env).toContain('RLM_TEST_MARK=kept');
      expect(env).toContain('ELECTRON_RUN_AS_NODE=1');
      expect(env.filter((entry) => entry.startsWith('NODE_EXTRA_CA_CERTS='))).toEqual([]);
      expect((await sandbox.run('1 + 1')).value).toBe('2');
    } finally {
      sandbox.dispose();
      if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = saved;
      delete process.env.RLM_TEST_MARK;
    }
  });

  it('starts the isolate process with 32 MB semi-spaces: the row objects of a large grep are not scavenged into the old generation', async () => {
    const sandbox = await IsolatedVmSandbox.create({ functions: [] }, false);
    try {
      const [pid] = isolatePids();
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      expect(args).toContain('--max-semi-space-size=32');
      expect((await sandbox.run('Array.from({ length: 200000 }, (_, i) => ({ i })).length')).value).toBe('200000');
    } finally {
      sandbox.dispose();
    }
  });
});
