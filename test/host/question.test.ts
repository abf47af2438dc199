import { describe, expect, it } from 'vitest';
import { DEFAULT_BUDGETS } from '../../src/engine/budget.js';
import { budgets } from '../../src/host/question.js';

describe('budgets from the user limits', () => {
  it('keeps the limits that are set; an unset one keeps the engine default instead of overriding it', () => {
    const set = budgets({ maxDepth: undefined, maxIterations: 3, maxSubCalls: undefined, maxCostUsd: 0.5 });
    expect(set).toEqual({ maxIterations: 3, maxCostUsd: 0.5 });
    expect({ ...DEFAULT_BUDGETS, ...set }).toEqual({ maxDepth: 2, maxIterations: 3, maxSubCalls: 300, maxCostUsd: 0.5 });
  });
});
