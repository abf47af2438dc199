// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { GradedCitation } from '../../src/protocol/citations.js';
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
    const div = dom(
      '[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](data:text/html;base64,PHNjcmlwdD4=) [d](vbscript:x) [e](file:///etc/passwd) ![i](https://evil/x.png)',
    );
    for (const a of div.querySelectorAll('a')) expect(a.getAttribute('href') ?? '').not.toMatch(/^(javascript|data|vbscript|file):/i);
    expect(div.querySelector('img')).toBeNull();
    expect(div.innerHTML).not.toMatch(/href="(javascript|data|vbscript|file):/i);
  });

  it('keeps web links', () => {
    expect(dom('[docs](https://example.com/x)').querySelector('a')?.getAttribute('href')).toBe('https://example.com/x');
  });

  it('turns citations in text, code spans and relative links into citation links', () => {
    const div = dom(
      'Loaded in src/config.ts:42 and `src/load.ts:7`; see [the parser](src/parse.ts#L3) and [readme](docs/README.md). Not `x = a:1`.',
    );
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

describe('renderMarkdown with the run’s graded citations', () => {
  const graded: GradedCitation[] = [
    { path: 'src/a.ts', line: 3, status: 'read', file: 'src/a.ts' },
    { path: 'lib/b.py', line: 1, endLine: 4, status: 'unread', file: 'py/lib/b.py' },
    { path: 'pkg/nope.py', line: 3, status: 'missing' },
    { path: 'src/a.ts', line: 999, status: 'out-of-range', file: 'src/a.ts' },
  ];
  const render = (markdown: string) => {
    const div = document.createElement('div');
    div.innerHTML = renderMarkdown(markdown, graded);
    return div;
  };

  it('links read and unread citations to the file they resolved to, marking the unread', () => {
    const div = render('Read at `./src/a.ts:3`; guessed at lib/b.py:1-4.');
    const links = [...div.querySelectorAll<HTMLAnchorElement>('a.citation')].map((a) => [a.dataset.path, a.dataset.line, a.className]);
    expect(links).toEqual([
      ['src/a.ts', '3', 'citation'],
      ['py/lib/b.py', '1', 'citation unread'],
    ]);
    expect(div.querySelector('a.unread')?.getAttribute('title')).toContain('never read');
  });

  it('never makes a link of a missing file or a line past the end, in text, code spans or the model’s own links', () => {
    const div = render('See pkg/nope.py:3, `src/a.ts:999` and [the check](pkg/nope.py#L3).');
    expect(div.querySelectorAll('a')).toHaveLength(0);
    const broken = [...div.querySelectorAll<HTMLElement>('span.citation-broken')].map((s) => [
      s.textContent,
      s.classList.contains('missing') ? 'missing' : 'out-of-range',
    ]);
    expect(broken).toEqual([
      ['pkg/nope.py:3', 'missing'],
      ['src/a.ts:999', 'out-of-range'],
      ['the check', 'missing'],
    ]);
    expect(div.innerHTML).not.toContain('</a>');
  });
});
