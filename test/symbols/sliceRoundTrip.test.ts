// slice() round trip over every symbol of every language fixture: the sliced text holds the
// symbol and ends where it ends, and a top-level slice parses cleanly on its own and yields the
// same symbol again. (Members are not checked against their container's range: Go receivers,
// Rust impls and C# file-scoped namespaces are containers without enclosing them.)
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractFile, loadGrammar } from '../../src/symbols/extract.js';
import { SymbolIndex } from '../../src/symbols/symbolIndex.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';

const FIXTURES = [
  'sample.ts',
  'sample.tsx',
  'sample.js',
  'sample.py',
  'sample.go',
  'sample.rs',
  'Sample.java',
  'sample.c',
  'sample.cpp',
  'Sample.cs',
  'Sample2.cs',
  'sample.rb',
  'sample.php',
];
/** What a slice needs in front to be a complete file of its language. */
const PROLOGUE: Record<string, string> = { php: '<?php\n' };

/** Go specs inside a `const (…)` or `type (…)` group slice to the spec alone; put the group back. */
function standalone(language: string, kind: string, text: string): string {
  if (language !== 'go' || /^(\s*\/\/.*\n)*\s*(func|type|const|var)\b/.test(text)) return text;
  return `${kind === 'constant' ? 'const' : 'type'} (\n${text}\n)`;
}

const index = new SymbolIndex({ tree: new WorkspaceTree({ roots: [{ path: join(__dirname, '..', 'fixtures', 'symbols') }] }) });
afterAll(() => index.close());

describe('slice round trip', () => {
  it.each(FIXTURES)('%s', async (file) => {
    const { language, symbols: json } = await index.symbols(file);
    const symbols = json.value();
    expect(symbols.length).toBeGreaterThan(3);
    const grammar = (await loadGrammar(language))!;
    const qualified = symbols.map((s) => (s.container ? `${s.container}.${s.name}` : s.name));
    let checked = 0;
    for (const [i, symbol] of symbols.entries()) {
      if (qualified.indexOf(qualified[i]) !== i) continue; // overloads: slice() gives the first by design
      const { slice } = await index.slice(file, qualified[i]);
      expect(slice, `${file}: ${qualified[i]}`).not.toBeNull();
      expect(slice!.startLine).toBeLessThanOrEqual(symbol.startLine);
      expect(slice!.endLine).toBe(symbol.endLine);
      expect(slice!.text).toContain(symbol.name);
      if (!symbol.container) {
        const again = extractFile(grammar, `${PROLOGUE[language] ?? ''}${standalone(language, symbol.kind, slice!.text)}\n`);
        expect(again.warning, `${file}: ${qualified[i]} slice parses cleanly`).toBeUndefined();
        expect(again.symbols.map((s) => s.name)).toContain(symbol.name);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
  });
});
