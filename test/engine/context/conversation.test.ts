// The compaction module on its own: digests, the per-turn cap and the budgeted rendering.
import { describe, expect, it } from 'vitest';
import { Conversation, describeContext } from '../../../src/engine/context/conversation.js';
import { compactReply, declaredNames, digestFeedback } from '../../../src/engine/context/digest.js';
import { capTurn } from '../../../src/engine/context/turnCap.js';
import { promptBudgetChars, subCallInputLimit } from '../../../src/engine/context/window.js';
import type { ChatMessage, LanguageModel } from '../../../src/llm/types.js';

const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i}`).join('\n');
const size = (messages: readonly ChatMessage[]) => messages.reduce((n, m) => n + m.content.length, 0);

describe('declaredNames', () => {
  it('finds top-level declarations, destructuring, functions, classes and assignments, TypeScript too', () => {
    const code = [
      'const files = glob("src/**");',
      'let { a, b: renamed, c = 1, ...rest } = o;',
      'const [first, second] = pair;',
      'async function summarise(x: string): Promise<string> { return x }',
      'class Index {}',
      'hits = grep("TODO");',
      'const typed: Map<string, number> = new Map();',
      '  const nested = 1;',
      'if (x == 1) print(x);',
    ].join('\n');
    expect(declaredNames(code)).toEqual(['files', 'a', 'renamed', 'c', 'rest', 'first', 'second', 'summarise', 'Index', 'hits', 'typed']);
  });
});

describe('digestFeedback', () => {
  it('keeps short feedback whole', () => {
    expect(digestFeedback('[cell 1 output]\n3 files', ['files'])).toBe('[cell 1 output]\n3 files');
  });

  it('keeps the heading, the size, the first lines, the errors and where the data is', () => {
    const part = `[cell 2 output]\n${lines(500)}\n[cell 2 error] TypeError: x is not a function`;
    expect(digestFeedback(part, ['hits', 'files'])).toBe(
      [
        `[cell 2 output] (compacted: ${lines(500).length.toLocaleString('en-US')} characters in 500 lines; the first lines were:)`,
        'line 0',
        'line 1',
        'line 2',
        '… [not shown any more: the data is in `hits`, `files`: print a slice of it if you need it again]',
        '[cell 2 error] TypeError: x is not a function',
      ].join('\n'),
    );
  });

  it('clips long lines and stays small whatever the output', () => {
    const digest = digestFeedback('q'.repeat(1_000_000), []);
    expect(digest.length).toBeLessThan(400);
    expect(digest).toContain('[output] (compacted: 1,000,000 characters in 1 lines');
    expect(digest).toContain('keep data in variables and print slices of them');
  });
});

describe('compactReply', () => {
  it('keeps the code of a reply and drops its prose; a reply without code keeps its start', () => {
    expect(compactReply('I will grep.\n```js\nprint(1)\n```\nThen read.', ['print(1)'])).toBe('```js\nprint(1)\n```');
    expect(compactReply('p'.repeat(2_000), [])).toMatch(/^p{600}… \[\+1400 chars\]$/);
  });
});

describe('capTurn', () => {
  it('leaves a turn under the cap alone', () => {
    expect(capTurn(['a', 'b'], 10)).toEqual(['a', 'b']);
  });

  it('keeps short pieces whole and shares the rest among the long ones, head and tail kept', () => {
    const parts = ['[cell 1 error] boom', `[cell 2 output]\n${'x'.repeat(50_000)}END`, `[cell 3 output]\n${'y'.repeat(50_000)}END`];
    const capped = capTurn(parts, 10_000);
    expect(capped[0]).toBe(parts[0]);
    expect(capped.join('\n\n').length).toBeLessThanOrEqual(10_000);
    for (const piece of capped.slice(1)) {
      expect(piece).toMatch(/^\[cell \d output\]\n/);
      expect(piece).toMatch(/END$/);
      expect(piece).toContain('characters not shown; all cells of one reply send back at most 10,000 characters together');
      expect(piece.length).toBeGreaterThan(4_000);
    }
  });
});

describe('Conversation', () => {
  const make = (windowTokens = 32_768) =>
    new Conversation({ system: 'S'.repeat(4_000), opening: 'Question: q?\n\nsummary', question: 'q?', windowTokens });
  const probe = (turn: number) => `\`\`\`js\nconst chunk${turn} = peek("a.ts");\nprint(chunk${turn})\n\`\`\``;

  it('sends the first turn as it is, and the latest feedback restates the question', () => {
    const c = make();
    expect(c.render().messages).toEqual([
      { role: 'system', content: 'S'.repeat(4_000) },
      { role: 'user', content: 'Question: q?\n\nsummary' },
    ]);
    c.addReply(probe(1), [`const chunk1 = peek("a.ts");\nprint(chunk1)`]);
    c.addFeedback(['[cell 1 output]\nhello'], '\n\n(2 turns left: finish with FINAL soon.)');
    expect(c.render().messages.slice(2)).toEqual([
      { role: 'assistant', content: probe(1) },
      { role: 'user', content: 'Question: q?\n\n[cell 1 output]\nhello\n\n(2 turns left: finish with FINAL soon.)' },
    ]);
  });

  it('keeps the latest turn verbatim and older ones as code and digest, each constant in size', () => {
    const c = make();
    for (let t = 1; t <= 30; t++) {
      c.addReply(`Let me look.\n${probe(t)}`, [`const chunk${t} = peek("a.ts");\nprint(chunk${t})`]);
      c.addFeedback([`[cell 1 output]\n${lines(2_000, `t${t}`)}`]);
    }
    const { messages, report } = c.render();
    expect(messages).toHaveLength(2 + 60);
    expect(messages.at(-2)!.content).toBe(`Let me look.\n${probe(30)}`);
    expect(messages.at(-1)!.content.startsWith('Question: q?\n\n[cell 1 output]\nt30 0\n')).toBe(true);
    expect(messages[2]!.content).toBe(probe(1));
    expect(messages[3]!.content).toMatch(
      /^\[cell 1 output\] \(compacted: [\d,]+ characters in [\d,]+ lines; the first lines were:\)\nt1 0\nt1 1\nt1 2\n… \[not shown any more: the data is in `chunk1`/,
    );
    expect(size(messages)).toBeLessThanOrEqual(c.budgetChars);
    expect(report).toMatchObject({ compacted: [1, 29], latestCut: false });
    expect(report.omitted).toBeUndefined();
    expect(describeContext(report)).toMatch(
      /^context: prompt [\d,]+ chars ≈ [\d,]+ tokens \(budget 91,748 chars\); turns 1–29 compacted to code \+ digest; [\d,]+ chars saved$/,
    );
  });

  it('under a small budget, shrinks older turns, then leaves the oldest out, then cuts the latest', () => {
    const c = make(2_000); // budget 5,600 chars, 4,000 of them the system prompt
    for (let t = 1; t <= 12; t++) {
      c.addReply(probe(t), [`const chunk${t} = peek("a.ts");\nprint(chunk${t})`]);
      c.addFeedback([`[cell 1 output]\n${lines(3_000, `t${t}`)}`]);
    }
    const { messages, report } = c.render({ role: 'user', content: 'Stop exploring: the turn limit.' });
    expect(size(messages)).toBeLessThanOrEqual(promptBudgetChars(2_000));
    expect(report.omitted?.[0]).toBe(1);
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'Stop exploring: the turn limit.' });
    expect(messages.find((m) => m.content.startsWith('[turns 1–'))?.content).toMatch(
      /^\[turns 1–\d+ are left out to fit the context window; what they defined is still in the sandbox\]/,
    );
  });

  it('caps what one turn sends back to 30% of the budget', () => {
    const c = make(10_000); // budget 28,000 → cap 8,400
    expect(c.turnCapChars).toBe(8_400);
    c.addReply(probe(1), ['print(1)']);
    c.addFeedback([1, 2, 3].map((i) => `[cell ${i} output]\n${'z'.repeat(20_000)}`));
    const latest = c.render().messages.at(-1)!.content;
    expect(latest.length - 'Question: q?\n\n'.length).toBeLessThanOrEqual(8_400);
  });

  it('learns a denser tokenizer from the tokens the provider counted, and ignores small differences', () => {
    const c = make();
    c.calibrate(40_000, 10_300); // 3.88 characters a token: within 5% of the estimate
    expect(c.budgetChars).toBe(91_748);
    c.calibrate(1_000, 500); // too small to say
    expect(c.budgetChars).toBe(91_748);
    c.calibrate(30_000, 10_000); // 3 characters a token
    expect(c.budgetChars).toBe(22_937 * 3);
    c.calibrate(40_000, 8_000); // sparser again: the budget does not grow back
    expect(c.budgetChars).toBe(22_937 * 3);
  });

  it('shrinks after a context-length error: half the budget, 60% of what failed, at most the named window', () => {
    const c = make();
    c.shrink(60_000);
    expect(c.budgetChars).toBe(36_000);
    c.shrink(60_000, 4_000);
    expect(c.budgetChars).toBe(promptBudgetChars(4_000));
  });
});

describe('subCallInputLimit', () => {
  const model = (contextWindowTokens?: number): LanguageModel => ({
    id: 'm',
    name: 'm',
    ...(contextWindowTokens ? { contextWindowTokens } : {}),
    complete: () => Promise.reject(new Error('unused')),
  });
  it("is 70% of the model's window, 32,768 tokens when it reports none", () => {
    expect(subCallInputLimit(model(128_000))).toEqual({ tokens: 89_600, chars: 358_400 });
    expect(subCallInputLimit(model())).toEqual({ tokens: 22_937, chars: 91_748 });
  });
});
