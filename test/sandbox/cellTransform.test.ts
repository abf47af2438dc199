import { describe, expect, it } from 'vitest';
import { CellSyntaxError, CellTransforms, transformCell } from '../../src/sandbox/cellTransform.js';

const reserved = new Set(['grep', 'FINAL']);
const transform = (code: string) => transformCell(code, reserved, 'RUN');

describe('transformCell', () => {
  it('turns top-level declarations into assignments to pre-declared globals', () => {
    const t = transform('const a = 1, {b, c: [d = 2], ...rest} = o;\nlet e;\nvar f;');
    expect(t.globals).toEqual(['a', 'b', 'd', 'rest', 'e', 'f']);
    expect(t.code).toBe('RUN(async () => { void ( a = 1, {b, c: [d = 2], ...rest} = o);\nvoid ( e = undefined);\nvoid ( f);\n}, false);');
  });

  it('copies hoisted functions to the global and assigns classes', () => {
    const t = transform('g();\nfunction g() {}\nclass K {}');
    expect(t.globals).toEqual(['g', 'K']);
    expect(t.code).toBe('RUN(async () => { globalThis.g = g;g();\nfunction g() {}\nK = class K {};\n}, false);');
  });

  it('returns the value of a final expression statement', () => {
    expect(transform('const x = 1\nx + 1 // sum').code).toBe(
      'RUN(async () => { let __rlmCellValue; void ( x = 1)\n__rlmCellValue = (x + 1); return __rlmCellValue // sum\n}, true);',
    );
  });

  it('refuses a top-level declaration of the name that carries the value', () => {
    expect(() => transform('const __rlmCellValue = 1')).toThrow(/built-in/);
  });

  it('leaves nested declarations alone and keeps line numbers', () => {
    const code = 'for (const i of [1]) {\n  let j = i;\n}\nif (x) { const y = 2 }';
    const t = transform(code);
    expect(t.globals).toEqual([]);
    expect(t.code.split('\n')).toHaveLength(code.split('\n').length + 1);
  });

  it('refuses to redeclare built-ins', () => {
    expect(() => transform('const grep = 1')).toThrow(/"grep" is a built-in/);
    expect(() => transform('function FINAL() {}')).toThrow(/"FINAL" is a built-in/);
  });

  it('explains syntax errors, import and export', () => {
    expect(() => transform('let = ;')).toThrow(CellSyntaxError);
    expect(() => transform('if (x) {\n  y(')).toThrow(/SyntaxError: Unexpected token at line 2, column 5/);
    expect(() => transform('import fs from "fs"')).toThrow(/import\/export are not available/);
    expect(() => transform('await import("fs")')).toThrow(/import\(\) is not available in the sandbox \(line 1\)/);
  });
});

describe('CellTransforms', () => {
  // The names reserved change after prepare(): what transform() gives shows when the parse was done.
  it('hands the run of the first cell what prepare() made of it, once; other code is transformed when run', () => {
    const names = new Set(['grep']);
    const transforms = new CellTransforms(names, 'RUN');
    transforms.prepare('const later = 1');
    names.add('later');
    expect(transforms.transform('const later = 1').globals).toEqual(['later']); // parsed before "later" was reserved
    expect(() => transforms.transform('const later = 1')).toThrow(CellSyntaxError); // only once
    transforms.prepare('const a = 1');
    expect(transforms.transform('const b = 2').globals).toEqual(['b']);
    expect(() => transforms.transform('const later = 2')).toThrow(CellSyntaxError);
  });

  it("keeps the first cell's syntax error for its run", () => {
    const transforms = new CellTransforms(reserved, 'RUN');
    transforms.prepare('const = 1');
    expect(() => transforms.transform('const = 1')).toThrow(CellSyntaxError);
  });
});
