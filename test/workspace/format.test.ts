// formatCount writes numbers as toLocaleString('en-US') does, without loading ICU.
import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/workspace/format.js';

describe('formatCount', () => {
  it.each([0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 50_696, 123_456_789, -4321, 1234.5, 0.25, 1_234_567.891])(
    'writes %d as toLocaleString("en-US")',
    (n) => {
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    },
  );
});
