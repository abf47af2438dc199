// The webview cannot import engine code, so the protocol restates RunStats as RunTotals; this
// file (checked by tsconfig.json, which sees the engine) fails to compile when the two drift.
import { describe, expect, it } from 'vitest';
import type { RunStats } from '../../../src/engine/budget.js';
import type { RunTotals } from '../../../src/protocol/messages.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same: Same<RunStats, RunTotals> = true;

describe('protocol', () => {
  it('RunTotals is the engine’s RunStats', () => {
    expect(same).toBe(true);
  });
});
