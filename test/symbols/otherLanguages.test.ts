// Snapshots of what extractFile yields for one fixture per language (Go, Rust, Java, C, C++, C#,
// Ruby, PHP), each holding every construct symbols() is expected to list, plus explicit checks
// of the cases a snapshot alone would let slip: containers that range nesting cannot see.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile, loadGrammar } from '../../src/symbols/extract.js';
import type { ExtractedSymbol } from '../../src/symbols/types.js';

const fixtures = join(__dirname, '..', 'fixtures', 'symbols');

async function extract(languageId: string, source: string) {
  const grammar = await loadGrammar(languageId);
  if (!grammar) throw new Error(`no grammar for ${languageId}`);
  return extractFile(grammar, source);
}

async function fixtureSymbols(languageId: string, file: string): Promise<ExtractedSymbol[]> {
  const { symbols, warning } = await extract(languageId, readFileSync(join(fixtures, file), 'utf8'));
  if (warning) throw new Error(`${file}: ${warning}`);
  return symbols;
}

/** One line per symbol, easy to review: "12-30 method Cache.load (slice from 10)". */
function lines(symbols: ExtractedSymbol[]): string[] {
  return symbols.map((s) => {
    const name = s.container ? `${s.container}.${s.name}` : s.name;
    const slice = s.sliceStartLine === s.startLine ? '' : ` (slice from ${s.sliceStartLine})`;
    return `${s.startLine}-${s.endLine} ${s.kind} ${name}${slice}`;
  });
}

function find(symbols: ExtractedSymbol[], container: string | undefined, name: string) {
  return symbols
    .filter((s) => s.name === name && s.container === container)
    .map(({ kind, startLine, endLine }) => ({ kind, startLine, endLine }));
}

describe('symbols of the fixtures', () => {
  it.each([
    ['rust', 'sample.rs'],
    ['java', 'Sample.java'],
    ['csharp', 'Sample2.cs'],
    ['php', 'sample.php'],
    ['go', 'sample.go'],
    ['c', 'sample.c'],
    ['cpp', 'sample.cpp'],
    ['csharp', 'Sample.cs'],
    ['ruby', 'sample.rb'],
  ])('%s %s', async (languageId, file) => {
    expect(lines(await fixtureSymbols(languageId, file))).toMatchSnapshot();
  });
});

describe('containers', () => {
  it('Rust: functions in an impl block are methods of the implementing type', async () => {
    const symbols = await fixtureSymbols('rust', 'sample.rs');
    expect(find(symbols, undefined, 'Point')).toEqual([
      { kind: 'struct', startLine: 12, endLine: 15 },
      { kind: 'impl', startLine: 39, endLine: 47 },
    ]);
    expect(find(symbols, 'Point', 'new')).toEqual([{ kind: 'method', startLine: 40, endLine: 42 }]);
    // `impl Area for Shape` belongs to Shape; `impl<T> fmt::Debug for Wrapper<T>` to Wrapper.
    expect(find(symbols, 'Shape', 'area')).toEqual([{ kind: 'method', startLine: 50, endLine: 55 }]);
    expect(find(symbols, 'Wrapper', 'fmt')).toEqual([{ kind: 'method', startLine: 59, endLine: 61 }]);
    // Trait methods, required and provided, belong to the trait; functions in a module stay functions.
    expect(find(symbols, 'Area', 'area')).toEqual([{ kind: 'method', startLine: 32, endLine: 32 }]);
    expect(find(symbols, 'geometry', 'origin')).toEqual([{ kind: 'function', startLine: 71, endLine: 73 }]);
  });

  it('Go: a method belongs to its receiver type, pointer or generic', async () => {
    const symbols = await fixtureSymbols('go', 'sample.go');
    expect(find(symbols, 'Point', 'Area')).toEqual([{ kind: 'method', startLine: 44, endLine: 46 }]);
    expect(find(symbols, 'Point', 'Name')).toEqual([{ kind: 'method', startLine: 48, endLine: 50 }]);
    expect(find(symbols, 'Pair', 'Swap')).toEqual([{ kind: 'method', startLine: 52, endLine: 54 }]);
  });

  it('C++: an out-of-line definition belongs to its class, namespaces included', async () => {
    const symbols = await fixtureSymbols('cpp', 'sample.cpp');
    // Declared in the class (line 27), defined inside `namespace geo` as `Circle::area` (65-67).
    expect(find(symbols, 'geo.Circle', 'area')).toEqual([
      { kind: 'method', startLine: 27, endLine: 27 },
      { kind: 'method', startLine: 65, endLine: 67 },
    ]);
    // Defined at the top level as `geo::Point::norm` and `geo::Box<T>::set`.
    expect(find(symbols, 'geo.Point', 'norm')).toEqual([
      { kind: 'method', startLine: 14, endLine: 14 },
      { kind: 'method', startLine: 71, endLine: 73 },
    ]);
    expect(find(symbols, 'geo.Box', 'set')).toEqual([
      { kind: 'method', startLine: 44, endLine: 44 },
      { kind: 'method', startLine: 76, endLine: 78 },
    ]);
  });

  it('C: a function spans its whole definition, not just its declarator', async () => {
    const symbols = await fixtureSymbols('c', 'sample.c');
    // The prototype, then the definition; nothing else named `area` (no declarator-sized twins).
    expect(lines(symbols.filter((s) => s.name === 'area'))).toEqual(['31-31 function area', '34-37 function area (slice from 33)']);
    expect(lines(symbols.filter((s) => s.name === 'make_point'))).toEqual(['39-46 function make_point']);
  });
});

describe('syntax errors', () => {
  it('Rust: a broken item yields a warning and the symbols around it', async () => {
    const source = [
      'struct Before {',
      '    x: i32,',
      '}',
      '',
      'fn broken( {',
      '    let = ;',
      '}',
      '',
      'impl Before {',
      '    fn after(&self) -> i32 {',
      '        self.x',
      '    }',
      '}',
      '',
    ].join('\n');
    const { symbols, warning } = await extract('rust', source);
    expect(warning).toMatch(/syntax errors/);
    expect(find(symbols, undefined, 'Before')).toContainEqual({ kind: 'struct', startLine: 1, endLine: 3 });
    expect(find(symbols, 'Before', 'after')).toEqual([{ kind: 'method', startLine: 10, endLine: 12 }]);
  });
});
