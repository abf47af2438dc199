// What a run found, turn by turn: the sections shown under the best answer of a run that ended
// without FINAL.
import { describe, expect, it } from 'vitest';
import { isOnlyCode, TurnFindings, withFindings } from '../../src/engine/findings/turnFindings.js';

describe('TurnFindings', () => {
  it('says per turn what was read, which REPL calls ran and the first lines printed', () => {
    const f = new TurnFindings();
    f.cell(1, 'const hits = grep("retry", {ignoreCase: true});\nprint(hits.length)', { output: '3\n' }, []);
    f.cell(2, "print(peek('src/net.ts', 10, 30))\nprint(symbols(`src/net.ts`).length)", { output: '10: a\n11: b\n' }, [
      { path: 'src/net.ts', startLine: 10, endLine: 30 },
    ]);
    expect(f.toMarkdown()).toBe(
      [
        '#### What the run found, turn by turn',
        '**Turn 1** — called `grep("retry")`\n```text\n3\n```',
        '**Turn 2** — read `src/net.ts:10-30`; called `peek("src/net.ts")`, `symbols("src/net.ts")`\n```text\n10: a\n11: b\n```',
      ].join('\n\n'),
    );
  });

  it('keeps it short: six lines a turn, long lines clipped, the newest eight turns', () => {
    const f = new TurnFindings();
    const lines = Array.from({ length: 9 }, (_, i) => `line ${i + 1} ${'x'.repeat(i === 0 ? 300 : 0)}`).join('\n');
    for (let turn = 1; turn <= 10; turn++) f.cell(turn, 'print(ls(""))', { output: turn === 10 ? lines : 'ok' }, []);
    const md = f.toMarkdown();
    expect(md).toContain('*2 earlier turns left out.*');
    expect(md).not.toContain('**Turn 2**');
    expect(md).toContain('**Turn 3**');
    expect(md).toContain('… 3 more lines');
    expect(md).not.toContain('line 7');
    expect(md.split('\n').every((l) => l.length <= 200)).toBe(true);
  });

  it('shows errors and silent cells, and fences output that holds backticks so it cannot break out', () => {
    const f = new TurnFindings();
    f.cell(1, 'read("nope.ts")', { output: '', error: 'ToolError: no such file\n    at <cell>' }, []);
    f.cell(2, 'tree()', { output: '' }, []);
    f.cell(3, 'print(x)', { output: 'has ``` and ```` inside' }, []);
    const md = f.toMarkdown();
    expect(md).toContain('**Turn 1** — called `read("nope.ts")`\nError: ToolError: no such file');
    expect(md).not.toContain('at <cell>');
    expect(md).toContain('**Turn 2** — called `tree()`\nPrinted nothing.');
    expect(md).toContain('`````text\nhas ``` and ```` inside\n`````');
  });

  it('adds nothing when no cell ran', () => {
    expect(new TurnFindings().toMarkdown()).toBe('');
    expect(withFindings({ answer: 'a' }, new TurnFindings())).toEqual({ answer: 'a' });
  });
});

describe('isOnlyCode', () => {
  it('tells a reply of code alone from an answer that shows code', () => {
    expect(isOnlyCode("```js\nprint(ls('').slice(0,3))\n```")).toBe(true);
    expect(isOnlyCode("```js\nprint(ls(''))")).toBe(true);
    expect(isOnlyCode('The retry loop is in src/net.ts:12:\n```ts\nfor (;;) {}\n```')).toBe(false);
    expect(isOnlyCode('Probably src/index.ts:4.')).toBe(false);
  });
});
