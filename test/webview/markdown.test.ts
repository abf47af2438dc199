// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/webview/markdown.js';

function dom(markdown: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = renderMarkdown(markdown);
  return div;
}

describe('renderMarkdown', () => {
  it('renders markdown', () => {
    const div = dom('# Title\n\nSome **bold** and `code`.\n\n- a\n- b');
    expect(div.querySelector('h1')?.textContent).toBe('Title');
    expect(div.querySelector('strong')?.textContent).toBe('bold');
    expect(div.querySelectorAll('li')).toHaveLength(2);
  });

  it('never passes raw HTML from the model through', () => {
    const html = renderMarkdown('Hi <script>alert(1)</script> <img src=x onerror="alert(1)"> <b>x</b>\n\n<div onclick="x()">block</div>');
    expect(html).not.toMatch(/<script|<img|<b>|<div/);
    const div = dom('<iframe src="https://evil"></iframe>');
    expect(div.querySelector('iframe')).toBeNull();
    expect(div.textContent).toContain('<iframe');
  });

  it('drops javascript:, data: and other unsafe link targets and images', () => {
    const div = dom('[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](data:text/html;base64,PHNjcmlwdD4=) [d](vbscript:x) [e](file:///etc/passwd) ![i](https://evil/x.png)');
    for (const a of div.querySelectorAll('a')) expect(a.getAttribute('href') ?? '').not.toMatch(/^(javascript|data|vbscript|file):/i);
    expect(div.querySelector('img')).toBeNull();
    expect(div.innerHTML).not.toMatch(/href="(javascript|data|vbscript|file):/i);
  });

  it('keeps web links', () => {
    expect(dom('[docs](https://example.com/x)').querySelector('a')?.getAttribute('href')).toBe('https://example.com/x');
  });

  it('turns citations in text, code spans and relative links into citation links', () => {
    const div = dom('Loaded in src/config.ts:42 and `src/load.ts:7`; see [the parser](src/parse.ts#L3) and [readme](docs/README.md). Not `x = a:1`.');
    const cites = [...div.querySelectorAll<HTMLAnchorElement>('a.citation')].map((a) => [a.dataset.path, a.dataset.line, a.textContent]);
    expect(cites).toEqual([
      ['src/config.ts', '42', 'src/config.ts:42'],
      ['src/load.ts', '7', 'src/load.ts:7'],
      ['src/parse.ts', '3', 'the parser'],
      ['docs/README.md', '1', 'readme'],
    ]);
    expect(div.querySelector('a.citation code')?.textContent).toBe('src/load.ts:7');
    for (const a of div.querySelectorAll('a.citation')) expect(a.getAttribute('href')).toBe('#');
  });

  it('does not link citations inside fenced code blocks', () => {
    expect(dom('```\nsrc/a.ts:1\n```').querySelector('a')).toBeNull();
  });

  it('escapes attribute values taken from the answer', () => {
    const div = dom('src/"onmouseover=alert(1).ts:3');
    expect(div.querySelector('a[onmouseover]')).toBeNull();
  });
});
