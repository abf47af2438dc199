// A definition finder stands in for the definitions query only while it yields the same symbols:
// on the fixtures, on text with syntax errors, on every kind the query tags. A changed query
// text turns it off (the query is then used) until someone checks the finder against it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definitionFinder } from '../../src/symbols/definitionFinders.js';
import { extractFile, loadGrammar, type Grammar } from '../../src/symbols/extract.js';

const fixture = readFileSync(join(__dirname, '..', 'fixtures', 'symbols', 'sample.py'), 'utf8');

const TEXTS: Record<string, string> = {
  fixture,
  'constants, aliases and nesting': [
    '# slice() starts at a comment right above a definition',
    'LIMIT = 10',
    'a = b = 2',
    'x, y = 1, 2',
    'type Pair = tuple[int, int]',
    'if DEBUG:',
    '    VERBOSE = True',
    '    def trace(): pass',
    'class Outer:',
    '    inner = 1',
    '    class Inner:',
    '        def method(self):',
    '            def helper():',
    '                return 1',
    '            return helper',
    '',
    '    # a comment the last line does not count',
    '',
  ].join('\n'),
  'syntax errors': ['def broken(:', '    pass', 'class Half(', 'def after():', '    return [1, 2', 'Z = 3', ''].join('\n'),
  'a def inside a call': 'run(def inner(): pass)\nclass C: pass\n',
};

async function python(): Promise<Grammar> {
  const grammar = await loadGrammar('python');
  if (!grammar) throw new Error('no Python grammar');
  return grammar;
}

describe('definition finders', () => {
  it('serve Python with its current query', async () => {
    expect((await python()).findDefinitions).toBeDefined();
  });

  it.each(Object.keys(TEXTS))('find what the Python definitions query finds: %s', async (name) => {
    const grammar = await python();
    const text = TEXTS[name]!;
    const found = extractFile(grammar, text, 60_000, false);
    const queried = extractFile({ ...grammar, findDefinitions: undefined }, text, 60_000, false);
    expect(found.symbols.length).toBeGreaterThan(0);
    expect(found).toEqual(queried);
  });

  it('are not used once the query text changes', async () => {
    const grammar = await python();
    expect(definitionFinder('python', '0'.repeat(40), grammar.definitions)).toBeUndefined();
    expect(definitionFinder('ruby', '0'.repeat(40), grammar.definitions)).toBeUndefined();
  });
});
