// symbols() parses with only the tags query's patterns that tag a definition (reference patterns
// disabled, not just their captures) and one reused parser per grammar. Its output must stay what
// the whole query yields, on every fixture and on real files of this repository.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile, loadGrammar } from '../../src/symbols/extract.js';
import { detectLanguage } from '../../src/workspace/languages.js';

const repository = join(__dirname, '..', '..');
const fixtures = join('test', 'fixtures', 'symbols');
const FILES = [
  ...readdirSync(join(repository, fixtures)).map((file) => join(fixtures, file)),
  'src/symbols/extract.ts',
  'src/symbols/symbolCache.ts',
  'src/engine/rlmLoop.ts',
  'esbuild.mjs',
];

async function grammarOf(file: string) {
  const grammar = await loadGrammar(detectLanguage(file, { binary: false, firstLine: '' }));
  if (!grammar) throw new Error(`no grammar for ${file}`);
  return grammar;
}

describe('the definitions-only query', () => {
  it.each(FILES)('lists the same symbols as the whole tags query in %s', async (file) => {
    const grammar = await grammarOf(file);
    const text = readFileSync(join(repository, file), 'utf8');
    const whole = extractFile(grammar, text, 60_000, true);
    const definitions = extractFile(grammar, text, 60_000, false);
    expect(whole.symbols.length).toBeGreaterThan(0);
    expect(definitions.symbols).toEqual(whole.symbols);
    expect(definitions.warning).toEqual(whole.warning);
    expect(definitions).toMatchObject({ references: [], referencesOmitted: true });
  });

  it.each(FILES)('matches definitions only in %s', async (file) => {
    const grammar = await grammarOf(file);
    const tree = grammar.parser.parse(readFileSync(join(repository, file), 'utf8'))!;
    try {
      const matches = grammar.definitions.matches(tree.rootNode);
      expect(matches.length).toBeGreaterThan(0);
      const untagged = matches.filter((m) => !m.captures.some((c) => c.name.startsWith('definition.')));
      expect(untagged).toEqual([]);
    } finally {
      tree.delete();
    }
  });

  it('parses the next file from its start after a parse that was stopped', async () => {
    const grammar = await grammarOf('a.js');
    const stopped = extractFile(grammar, 'let x = [' + '[1, 2, 3], '.repeat(400_000) + '];', 0);
    expect(stopped.warning).toMatch(/longer than/);
    expect(extractFile(grammar, 'function ok() {}\n').symbols).toMatchObject([{ name: 'ok', startLine: 1, endLine: 1 }]);
  });
});
