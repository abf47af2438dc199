// Snapshot of what extractFile yields for the Python fixture: classes, methods, nested classes and
// functions, async and decorated defs (startLine is the `def` line, as Python's ast reports).
import { describe, expect, it } from 'vitest';
import { symbolLines } from './tsjsSymbolLines.js';

describe('symbols of the fixtures', () => {
  it('python sample.py', async () => {
    expect(await symbolLines('python', 'sample.py')).toMatchSnapshot();
  });
});
