// Shared pieces of the adversarial suite: both sandbox engines, random canaries (a leak cannot
// hide behind a value the code could guess), a leak check over everything a cell returns, and
// the tally each file prints at the end.
import { randomUUID } from 'node:crypto';
import { afterAll } from 'vitest';
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';
import { QuickJsSandbox } from '../../src/sandbox/quickjs/quickJsSandbox.js';
import type { CellResult, Sandbox, SandboxOptions } from '../../src/sandbox/sandbox.js';

export const ENGINES: ReadonlyArray<{ name: string; create: (options: SandboxOptions) => Promise<Sandbox> }> = [
  { name: 'isolated-vm', create: (options) => IsolatedVmSandbox.create(options) },
  { name: 'quickjs', create: (options) => QuickJsSandbox.create(options) },
];

export function canary(kind: string): string {
  return `${kind}-canary-${randomUUID()}`;
}

/** Every text a cell hands back, for leak checks. */
export function everything(result: CellResult): string {
  return JSON.stringify([result.output, result.error ?? '', result.value ?? '', result.final ?? null]);
}

/** Counts attempts and failures per engine; prints one line per engine when the file ends. */
export class Tally {
  private readonly rows = new Map<string, { attempts: number; failures: string[] }>();

  constructor(
    private readonly what: string,
    private readonly failureWord: string,
  ) {
    afterAll(() => {
      for (const [engine, row] of this.rows) {
        console.log(
          `[security] ${this.what} on ${engine}: ${row.attempts} attempts, ${row.failures.length} ${this.failureWord}${row.failures.length ? ` (${row.failures.join('; ')})` : ''}`,
        );
      }
    });
  }

  record(engine: string, name: string, failed: boolean): void {
    const row = this.rows.get(engine) ?? { attempts: 0, failures: [] };
    row.attempts++;
    if (failed) row.failures.push(name);
    this.rows.set(engine, row);
  }

  failures(engine: string): string[] {
    return this.rows.get(engine)?.failures ?? [];
  }
}
