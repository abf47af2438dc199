// Where an e2e session's time goes: with E2E_PHASES=<file>, each timed phase (code-server start,
// chromium, workbench load, first palette command, close) appends a line `test file<TAB>phase<TAB>ms`
// to that file, for profiling the suite (CI leaves it unset).
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from './codeServer';

export async function timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
  const out = process.env.E2E_PHASES;
  if (!out) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    const file = relative(repoRoot, expect.getState().testPath ?? '?');
    appendFileSync(out, `${file}\t${phase}\t${Math.round(performance.now() - started)}\n`);
  }
}
