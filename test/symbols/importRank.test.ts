// The outline's cheap ranking: import words from real-looking import lines, and who gets the credit.
import { describe, expect, it } from 'vitest';
import { importTokens, moduleName, rankByImports, type RankInput } from '../../src/symbols/importRank.js';

const file = (path: string, imports: string[] = [], size = 100): RankInput => ({ path, size, imports });

describe('importTokens', () => {
  it('keeps the module words of import lines and drops the syntax', () => {
    expect(importTokens('from collections.abc import Mapping as M')).toEqual(['collections', 'abc', 'Mapping', 'M']);
    expect(importTokens("import { Circle } from './shapes.js';")).toEqual(['shapes', 'Circle']);
    expect(importTokens('const fs = require("node:fs")')).toEqual(['fs', 'const']);
    expect(importTokens("import { grep } from '../../src/workspace/grep.js';")).toEqual(['grep', '/src', '/workspace']);
    expect(importTokens('#include "util/strings.h"')).toEqual(['strings', '/util']);
    expect(importTokens('use crate::engine::rlm_loop;')).toEqual(['engine', 'rlm_loop']);
  });
});

describe('moduleName', () => {
  it('is the stem, or the folder for package entry files', () => {
    expect(moduleName('src/shapes.ts')).toBe('shapes');
    expect(moduleName('src/shapes.test.ts')).toBe('shapes');
    expect(moduleName('json/__init__.py')).toBe('json');
    expect(moduleName('src/engine/index.ts')).toBe('engine');
    expect(moduleName('index.ts')).toBe('index');
  });
});

describe('rankByImports', () => {
  it('puts the most imported files first, then the larger ones', () => {
    const ranked = rankByImports([
      file('a.py', ['os']),
      file('b.py', ['os', 'json']),
      file('c.py', ['json', 'os']),
      file('os.py', [], 10),
      file('json/__init__.py', ['os'], 10),
      file('big.py', [], 5000),
    ]);
    expect(ranked).toEqual(['os.py', 'json/__init__.py', 'big.py', 'a.py', 'b.py', 'c.py']);
  });

  it('credits a shared name to the sibling module, then to the module whose folder the import names', () => {
    const ranked = rankByImports([
      file('pkg/core.py'),
      file('other/core.py'),
      file('lib/core.py'),
      file('pkg/api.py', ['core']), // from .core import X
      file('app.py', ['lib', 'core']), // from lib.core import X
      file('tool.py', ['lib', 'core']),
    ]);
    expect(ranked.slice(0, 2)).toEqual(['lib/core.py', 'pkg/core.py']);
    expect(ranked.indexOf('other/core.py')).toBeGreaterThan(1);
  });

  it('gives a file no credit for naming itself', () => {
    const ranked = rankByImports([file('shapes.ts', ['shapes'], 10), file('main.ts', [], 20)]);
    expect(ranked).toEqual(['main.ts', 'shapes.ts']);
  });
});
