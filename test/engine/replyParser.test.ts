import { describe, expect, it } from 'vitest';
import { parseReply } from '../../src/engine/replyParser.js';

describe('parseReply', () => {
  it('collects js, javascript and repl blocks in order', () => {
    const reply = 'Let me look.\n```js\nprint(tree())\n```\nThen:\n```JavaScript\nconst a = 1;\n```\n```repl\nprint(a)\n```\n';
    expect(parseReply(reply)).toEqual({ cells: ['print(tree())', 'const a = 1;', 'print(a)'] });
  });

  it('ignores other languages, empty blocks and text', () => {
    expect(parseReply('```python\nprint(1)\n```\n```js\n\n```\n```\nplain\n```')).toEqual({ cells: [] });
  });

  it('accepts longer fences, tildes and info after the tag', () => {
    const reply = '````js title="probe"\nconst s = "```";\n````\n~~~repl\nprint(s)\n~~~';
    expect(parseReply(reply).cells).toEqual(['const s = "```";', 'print(s)']);
  });

  it('reads FINAL(...) on the last line outside fences when there is no code', () => {
    expect(parseReply('The loader is in src/config.ts.\nFINAL(The config loads in src/config.ts:12)').finalText).toBe('The config loads in src/config.ts:12');
    expect(parseReply('FINAL("a \\"quoted\\" answer\\nwith two lines")').finalText).toBe('a "quoted" answer\nwith two lines');
    expect(parseReply("FINAL('single')").finalText).toBe('single');
    expect(parseReply('FINAL(multi\nline answer)').finalText).toBe('multi\nline answer');
  });

  it('does not take FINAL from the middle, from code, or after an unclosed fence', () => {
    expect(parseReply('FINAL(early)\nbut more text').finalText).toBeUndefined();
    expect(parseReply('```js\nconst x = 1\n```\nFINAL(x)')).toEqual({ cells: ['const x = 1'] });
    expect(parseReply('Here:\n```js\nFINAL(partial')).toEqual({ cells: [] });
  });

  it('handles CRLF replies', () => {
    expect(parseReply('```js\r\nprint(1)\r\n```\r\n').cells).toEqual(['print(1)']);
  });
});
