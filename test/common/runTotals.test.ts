import { describe, expect, it } from 'vitest';
import { callsText, costText, RunTally, zeroTotals } from '../../src/common/runTotals.js';
import { BudgetTracker, DEFAULT_BUDGETS } from '../../src/engine/budget.js';
import { toWebviewMessage } from '../../src/vscode/panel/panelMessages.js';
import type { TraceEvent, TraceNode } from '../../src/protocol/trace.js';

const llm = (id: string): TraceEvent => ({
  type: 'start',
  node: { id, depth: 0, kind: 'llm', label: 'root model', startMs: 0, status: 'running' } satisfies TraceNode,
});
const ended = (id: string, changes: Partial<TraceNode>): TraceEvent => ({ type: 'update', id, changes: { status: 'ok', ...changes } });

describe('cost and calls read the same on every surface', () => {
  it('a cost is known to the cent, or "cost unknown" — never "$0" for unknown', () => {
    expect(costText(0.0042, true)).toBe('$0.0042');
    expect(costText(1.254, true)).toBe('$1.25');
    expect(costText(0, true)).toBe('$0.00');
    expect(costText(0, false)).toBe('cost unknown');
    expect(costText(0.5, false)).toBe('cost unknown');
  });

  it('sub-calls are part of the calls', () => {
    expect(callsText({ calls: 4, cacheHits: 1, subCalls: 3 })).toBe('4 calls (1 cached, 3 sub-calls)');
    expect(callsText({ calls: 1, cacheHits: 0, subCalls: 0 })).toBe('1 call (0 cached, 0 sub-calls)');
  });

  it('the live tally: calls as they start, a cost once one returned, unknown as soon as one had no price', () => {
    const tally = new RunTally();
    tally.add(llm('a'));
    tally.add(llm('b'));
    expect(tally.calls).toBe(2);
    expect(tally.describe()).toBe('0 tokens');
    tally.add(ended('a', { inputTokens: 1000, outputTokens: 234, costUsd: 0.002 }));
    expect(tally.describe()).toBe('1,234 tokens · $0.0020');
    tally.add(ended('b', { inputTokens: 10, outputTokens: 5 }));
    expect(tally.describe()).toBe('1,249 tokens · cost unknown');
    const total = new RunTally();
    total.plus(tally);
    expect(total.describe()).toBe('1,249 tokens · cost unknown');
  });
});

describe('zero totals', () => {
  it('are the one starting point of the engine’s budget and of a panel run without stats, never shared', () => {
    const zero = {
      calls: 0,
      subCalls: 0,
      cacheHits: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      costKnown: true,
      wallMs: 0,
      maxDepth: 0,
    };
    const first = new BudgetTracker(DEFAULT_BUDGETS, () => 0);
    expect(first.stats).toEqual(zero);
    first.stats.calls++;
    expect(new BudgetTracker(DEFAULT_BUDGETS, () => 0).stats).toEqual(zero);
    expect(zeroTotals()).toEqual(zero);
    const finished = toWebviewMessage({
      type: 'finished',
      run: { id: 'r', question: 'q', startedMs: 0, status: 'cancelled', answer: '', model: 'm', roots: [] },
    });
    expect(finished).toMatchObject({ stats: zero });
  });
});
