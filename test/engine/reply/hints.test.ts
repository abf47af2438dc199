// Hints after a cell's error, for both sandbox engines' wording.
import { describe, expect, it } from 'vitest';
import { hintForCellError, looksLikePython, PYTHON_HINT } from '../../../src/engine/reply/hints.js';

describe('hintForCellError', () => {
  it('points Python syntax and built-ins at the JavaScript translations', () => {
    for (const code of [
      'x = query[:1000]',
      'for f in files:\n    print(f)',
      'print(f"{n} files")',
      'import re',
      'def look(path):\n    return read(path)',
    ]) {
      expect(looksLikePython(code)).toBe(true);
      expect(hintForCellError(code, 'SyntaxError: Unexpected token at line 1, column 9')).toBe(PYTHON_HINT);
    }
    expect(hintForCellError('print(len(x))', 'ReferenceError: len is not defined (line 1)')).toBe(PYTHON_HINT);
    expect(looksLikePython('const o = {a: 1};\nfor (const x of xs) { print(x) }\nconst s = `${a}`;\nxs.slice(0, 10)')).toBe(false);
    expect(hintForCellError('const o = {a: }', 'SyntaxError: Unexpected token at line 1, column 15')).toBeUndefined();
  });

  it("names ours for the Python RLM's answer dict, in V8's and QuickJS's wording", () => {
    const code = 'answer["content"] = "x"\nanswer["ready"] = True';
    const hint =
      'There is no `answer` dict to fill in here: end the run with FINAL(text) (or FINAL_VAR("name")) once you have seen the output you need.';
    expect(hintForCellError(code, 'ReferenceError: answer is not defined (line 1)')).toBe(hint);
    expect(hintForCellError(code, "TypeError: Cannot set properties of undefined (setting 'content') (line 1)")).toBe(hint);
    expect(hintForCellError(code, "TypeError: cannot set property 'content' of undefined (line 1)")).toBe(hint);
    expect(hintForCellError('print(answer)', 'ReferenceError: answer is not defined (line 1)')).toBeUndefined();
  });

  it('says arrays use push', () => {
    expect(hintForCellError('a.append(1)', 'TypeError: a.append is not a function (line 1)')).toBe(
      'JavaScript arrays use push(...) (and push(...other) to extend).',
    );
  });
});
