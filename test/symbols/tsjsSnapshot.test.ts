// Snapshots of what extractFile yields for the TypeScript, TSX and JavaScript-with-JSX fixtures,
// each holding every construct symbols() is expected to list.
import { describe, expect, it } from 'vitest';
import { symbolLines } from './tsjsSymbolLines.js';

describe('symbols of the fixtures', () => {
  it.each([
    ['typescript', 'sample.ts'],
    ['typescriptreact', 'sample.tsx'],
    ['javascript', 'sample.js'],
  ])('%s %s', async (languageId, file) => {
    expect(await symbolLines(languageId, file)).toMatchSnapshot();
  });
});
