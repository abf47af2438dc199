// The reply parser on replies as real models write them: CommonMark fences, reasoning,
// TypeScript, prose answers holding code, cut-off replies.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseReply } from '../../../src/engine/reply/parseReply.js';
import { loadReplyParsers } from '../../../src/engine/reply/replyParsers.js';

beforeAll(() => loadReplyParsers()); // as the engine does before it parses a reply

const codes = (reply: string) => parseReply(reply).cells.map((c) => c.code);
const fence = (tag: string, body: string, marker = '```') => `${marker}${tag}\n${body}\n${marker}`;

describe('parseReply: cells', () => {
  it('collects every runnable tag, in order', () => {
    const tags = ['js', 'JavaScript', 'repl', 'mjs', 'jsx', 'ts', 'typescript', 'tsx'];
    const reply = tags.map((t, i) => `Step ${i}:\n${fence(t, `print(${i})`)}`).join('\n\n');
    expect(codes(reply)).toEqual(tags.map((_, i) => `print(${i})`));
  });

  it('ignores other languages, empty blocks and text, and notes python and shell blocks', () => {
    const parsed = parseReply(
      '```python\nprint(1)\n```\n```js\n\n```\n```json\n{"a": 1}\n```\n```bash\nrg TODO\n```\n```\nplain words\n```',
    );
    expect(parsed.cells).toEqual([]);
    expect(parsed.foreign).toEqual(['python', 'bash']);
  });

  it('runs a bare block that holds JavaScript, not one that holds output or prose', () => {
    expect(codes('```\nconst hits = grep("TODO");\nprint(hits.length)\n```')).toEqual(['const hits = grep("TODO");\nprint(hits.length)']);
    expect(codes('Expected output:\n```\nsrc/index.ts:4: // TODO\n```')).toEqual([]);
  });

  it('matches fences as CommonMark does: longer fences, tildes, info after the tag', () => {
    const reply = '````js title="probe"\nconst s = "```";\n````\n~~~repl\nprint(s)\n~~~';
    expect(codes(reply)).toEqual(['const s = "```";', 'print(s)']);
  });

  it('keeps a ```ts block inside a template literal (escaped backticks are no fence) in the cell', () => {
    const cell = 'const prompt = `Review this:\n\\`\\`\\`ts\n${slice("src/a.ts", "f").text}\n\\`\\`\\`\n`;\nprint(await llm(prompt))';
    expect(codes(`Let me ask.\n${fence('js', cell)}\nDone.`)).toEqual([cell]);
    expect(codes(fence('js', cell, '````'))).toEqual([cell]);
  });

  it('strips TypeScript types, keeping the line numbers', () => {
    const ts = 'interface Hit {\n  path: string;\n}\nconst hits: Hit[] = grep("x") as Hit[];\nthrow new Error("line 5");';
    const [cell] = parseReply(fence('ts', ts)).cells;
    expect(cell).toMatchObject({ lang: 'ts', typesStripped: true });
    expect(cell!.code.split('\n')).toHaveLength(5);
    expect(cell!.code.split('\n')[3]).toBe('const hits = grep("x") ;');
  });

  it('strips types from a js-tagged cell only when it does not parse as JavaScript', () => {
    expect(parseReply(fence('js', 'const n: number = 1;\nprint(n)')).cells[0]).toEqual({
      code: 'const n = 1;\nprint(n)',
      lang: 'js',
      typesStripped: true,
    });
    expect(parseReply(fence('js', 'print(a < b > c)')).cells[0]).toEqual({ code: 'print(a < b > c)', lang: 'js', typesStripped: false });
  });

  it('does not run a block cut off before its closing fence', () => {
    const parsed = parseReply('Here:\n```js\nconst x = grep("a")\nFINAL(partial');
    expect(parsed).toMatchObject({ cells: [], unclosed: true });
    expect(parsed.final).toBeUndefined();
  });

  it('handles CRLF replies', () => {
    expect(codes('```js\r\nprint(1)\r\n```\r\n')).toEqual(['print(1)']);
  });
});

describe('parseReply: reasoning', () => {
  it('removes <think> blocks, so code in them never runs', () => {
    const parsed = parseReply('<think>\nMaybe:\n```js\nFINAL("guess")\n```\n</think>\n\n```js\nprint(tree())\n```');
    expect(parsed.cells.map((c) => c.code)).toEqual(['print(tree())']);
    expect(parsed.reasoningChars).toBeGreaterThan(20);
    expect(parsed.text).toBe('```js\nprint(tree())\n```');
  });

  it('removes reasoning whose opening tag was in the prompt (DeepSeek-R1 templates) and an unclosed block', () => {
    expect(codes('The user wants the TODO.\n```js\nFINAL("x")\n```\n</think>\n```js\nprint(1)\n```')).toEqual(['print(1)']);
    expect(parseReply('```js\nprint(1)\n```\n<think>\nhmm, and then ```js\nFINAL(2)\n```').cells.map((c) => c.code)).toEqual(['print(1)']);
  });
});

describe('parseReply: FINAL in prose', () => {
  const finalOf = (reply: string) => parseReply(reply).final?.value;

  it('reads FINAL(...) after prose, quoted or not, on one line or many', () => {
    expect(finalOf('The loader is in src/config.ts.\nFINAL(The config loads in src/config.ts:12)')).toBe(
      'The config loads in src/config.ts:12',
    );
    expect(finalOf('FINAL("a \\"quoted\\" answer\\nwith two lines")')).toBe('a "quoted" answer\nwith two lines');
    expect(finalOf("FINAL('single')")).toBe('single');
    expect(finalOf('FINAL(multi\nline answer)')).toBe('multi\nline answer');
  });

  it('keeps a markdown answer whole: parentheses, code spans and code blocks, none of which run', () => {
    const answer = [
      'The retry logic lives in `withRetry()` (src/net/retry.ts:10).',
      '',
      '```ts',
      'export async function withRetry(fn: () => Promise<void>) {',
      '  await fn(); // (one retry)',
      '}',
      '```',
      '',
      'Call it as `withRetry(() => fetch(url))`.',
    ].join('\n');
    const parsed = parseReply(`I have verified it.\n\nFINAL(${answer})`);
    expect(parsed.final?.value).toBe(answer);
    expect(parsed.cells).toEqual([]);
  });

  it('tolerates a sign-off after the closing parenthesis, and unbalanced list markers inside', () => {
    expect(
      parseReply('FINAL(It is set in src/a.ts:3 (the default).)\n\nLet me know if you need anything else (happy to help)!').final,
    ).toMatchObject({
      value: 'It is set in src/a.ts:3 (the default).',
      signOff: 'Let me know if you need anything else (happy to help)!',
    });
    expect(finalOf('FINAL(Two steps: 1) load the config 2) validate it)')).toBe('Two steps: 1) load the config 2) validate it');
    expect(finalOf('FINAL(It asks for greet() to accept a list')).toBeUndefined();
  });

  it('reads an answer whose code block ends right before the parenthesis ("```)")', () => {
    expect(finalOf('FINAL(Use this:\n```js\nconst x = f(1)\n```)')).toBe('Use this:\n```js\nconst x = f(1)\n```');
  });

  it('reads FINAL_VAR(name) in prose', () => {
    expect(parseReply('The answer is built.\nFINAL_VAR(report)').final).toMatchObject({ kind: 'var', value: 'report' });
    expect(parseReply('FINAL_VAR("report")').final).toMatchObject({ kind: 'var', value: 'report' });
  });

  it('finds a prose FINAL next to code, and never one inside a code block', () => {
    const parsed = parseReply('```js\nprint(grep("TODO"))\n```\nThe output will show it.\nFINAL(The TODO is at src/index.ts:4)');
    expect(parsed.cells.map((c) => c.code)).toEqual(['print(grep("TODO"))']);
    expect(parsed.final?.value).toBe('The TODO is at src/index.ts:4');
    expect(parseReply('```js\nFINAL(x)\n```').final).toBeUndefined();
    expect(parseReply('I will call FINAL(x) later.').final).toBeUndefined();
  });
});

describe('parseReply: FINAL ending a sentence', () => {
  const finalOf = (reply: string) => parseReply(reply).final;

  it('accepts the answer where real models hand it over mid-line', () => {
    expect(finalOf('I found the loader.\n\nSo the answer is FINAL(The config lives in src/config.ts:12)')?.value).toBe(
      'The config lives in src/config.ts:12',
    );
    expect(
      finalOf('Based on the grep output the TODO sits in the entry file, therefore: FINAL(The TODO is at src/index.ts:4.)')?.value,
    ).toBe('The TODO is at src/index.ts:4.');
    expect(finalOf('**Final answer:** FINAL(It is read in `loadConfig()` (src/config.ts:12).)')?.value).toBe(
      'It is read in `loadConfig()` (src/config.ts:12).',
    );
    expect(finalOf('Now I have all the information I need. FINAL("`greet()` builds it (src/index.ts:5).")')?.value).toBe(
      '`greet()` builds it (src/index.ts:5).',
    );
  });

  it('accepts FINAL_VAR mid-line, the Python RLM habit, and a closing full stop or sign-off', () => {
    expect(finalOf('I stored the report in `report` in the previous cell, so here it is: FINAL_VAR(report)')).toMatchObject({
      kind: 'var',
      value: 'report',
    });
    expect(finalOf('The answer is ready: FINAL_VAR(answer).\n\nLet me know if you need more!')).toMatchObject({
      kind: 'var',
      value: 'answer',
      signOff: 'Let me know if you need more!',
    });
  });

  it('ignores sentences that talk about calling FINAL', () => {
    expect(finalOf('I will call FINAL(x) later.')).toBeUndefined();
    expect(finalOf('Once I have seen the output I will answer with FINAL(answer).')).toBeUndefined();
    expect(finalOf("I'll run one more search, then FINAL(answer).")).toBeUndefined();
    expect(finalOf('Remember that `FINAL(answer)` ends the run, so I will print first.')).toBeUndefined();
    expect(finalOf('After this I can use FINAL_VAR(summary) to return it.')).toBeUndefined();
  });

  it('ignores code that merely mentions FINAL, fenced or not', () => {
    expect(finalOf('const hits = grep("TODO");\n// call FINAL(hits) when done')).toBeUndefined();
    expect(finalOf('print("done: FINAL(x)")')).toBeUndefined();
    expect(finalOf('const result = FINAL(x)')).toBeUndefined();
    expect(finalOf('const marker = "FINAL(" + name + ")";')).toBeUndefined();
    const cell = parseReply('Let me look.\n```js\n// call FINAL(x) when done\nprint(grep("FINAL(").length)\n```');
    expect(cell.final).toBeUndefined();
    expect(cell.cells.map((c) => c.code)).toEqual(['// call FINAL(x) when done\nprint(grep("FINAL(").length)']);
  });
});
