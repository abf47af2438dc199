// A definition finder stands in for the definitions query only while it yields the same symbols:
// on the fixtures, on text with syntax errors, on every kind the query tags. A changed query
// text turns it off (the query is then used) until someone checks the finder against it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definitionFinder, PYTHON_HOLDERS, PYTHON_TYPES } from '../../src/symbols/definitionFinders.js';
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
  // Every statement that can hold a definition (the finder walks only these): each holds one.
  'definitions in every compound statement': [
    'if A:',
    '    def in_if(): pass',
    'elif B:',
    '    def in_elif(): pass',
    'else:',
    '    class InElse: pass',
    'for x in y:',
    '    def in_for(): pass',
    'else:',
    '    def in_for_else(): pass',
    'while x:',
    '    def in_while(): pass',
    'else:',
    '    def in_while_else(): pass',
    'try:',
    '    def in_try(): pass',
    'except E:',
    '    def in_except(): pass',
    'else:',
    '    def in_try_else(): pass',
    'finally:',
    '    def in_finally(): pass',
    'try:',
    '    pass',
    'except* E:',
    '    def in_except_star(): pass',
    'with open(p) as f:',
    '    def in_with(): pass',
    'match command:',
    '    case [x]:',
    '        def in_case(): pass',
    '        type InCase = int',
    '@decorator',
    'def decorated():',
    '    @decorator',
    '    class Inner:',
    '        def method(self):',
    '            if x:',
    '                def deep(): pass',
    '    return lambda: [y for y in z]',
    'async def coroutine():',
    '    async with lock:',
    '        async def in_async_with(): pass',
    '    async for item in items:',
    '        def in_async_for(): pass',
    'x = [n for n in range(3)]',
    '',
  ].join('\n'),
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

  it("walk every node type that can hold a Python definition by the grammar's node-types.json", () => {
    // A grammar update that adds a statement holding others changes this closure: the walk must learn it.
    interface NodeType {
      type: string;
      subtypes?: { type: string }[];
      fields?: Record<string, { types: { type: string }[] }>;
      children?: { types: { type: string }[] };
    }
    const nodeTypes = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'node_modules', 'tree-sitter-python', 'src', 'node-types.json'), 'utf8'),
    ) as NodeType[];
    const subtypes = new Map(nodeTypes.map((t) => [t.type, (t.subtypes ?? []).map((s) => s.type)]));
    const concrete = (type: string): string[] => (subtypes.get(type)?.length ? subtypes.get(type)!.flatMap(concrete) : [type]);
    const children = new Map(
      nodeTypes.map((t) => [
        t.type,
        [...Object.values(t.fields ?? {}), ...(t.children ? [t.children] : [])].flatMap((f) => f.types.flatMap((c) => concrete(c.type))),
      ]),
    );
    const tagged = PYTHON_TYPES.filter((type) => type !== 'module');
    const holders = new Set<string>();
    for (let grew = true; grew;) {
      grew = false;
      for (const [type, kids] of children)
        if (!holders.has(type) && kids.some((kid) => holders.has(kid) || tagged.includes(kid))) grew = !!holders.add(type);
    }
    expect([...holders].sort()).toEqual([...PYTHON_HOLDERS].sort());
  });

  it('are not used once the query text changes', async () => {
    const grammar = await python();
    expect(definitionFinder('python', '0'.repeat(40), grammar.definitions)).toBeUndefined();
    expect(definitionFinder('ruby', '0'.repeat(40), grammar.definitions)).toBeUndefined();
  });
});
