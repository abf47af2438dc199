// grep judges a file from its marker lines (one ripgrep pass) and reads the whole file only when
// they hold a credential; internal scans that never reach a model may ask for raw text.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';

const PASSWORD = 'Zr7qLm2pXw9sKv4';
const TOKEN = 'ghp_Q8w2E9r4T7y1U3i5O6p0A2s4D6f8G1h3J5k7';

let dir: string;
let tree: WorkspaceTree;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rlm-redact-grep-'));
  // The value repeats on a line without any marker: only the whole file shows it is a password.
  writeFileSync(join(dir, 'db.py'), `DB_PASSWORD = "${PASSWORD}"\n\ndef connect():\n    return open_db("app", "${PASSWORD}")\n`);
  // Marker lines without a credential: judged clean from those lines alone.
  writeFileSync(join(dir, 'lexer.py'), 'token = next_token()\ndef connect():\n    return token\n');
  writeFileSync(join(dir, 'crlf.ts'), `// connect\r\nexport const GITHUB_TOKEN = "${TOKEN}";\r\n`);
  writeFileSync(join(dir, 'café.txt'), Buffer.from(`caf\xe9 connect\napi_key = "${PASSWORD}"\n`, 'latin1'));
  tree = new WorkspaceTree({ roots: [{ path: dir }] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('grep over files with and without credentials', () => {
  it('redacts a repeated value on a line without a marker, and leaves marker lines without credentials as they are', async () => {
    const matches = (await tree.grep({ pattern: 'connect|return', maxResults: 0 })).matches.rows();
    const text = (path: string) => matches.filter((m) => m.path === path).map((m) => m.text);
    expect(text('db.py')).toEqual(['def connect():', '    return open_db("app", "«redacted: password»")']);
    expect(text('lexer.py')).toEqual(['def connect():', '    return token']);
  });

  it('judges CRLF files and files in another encoding like the whole text', async () => {
    const matches = (await tree.grep({ pattern: 'connect', maxResults: 0, contextLines: 1 })).matches.rows();
    expect(matches.find((m) => m.path === 'crlf.ts')?.after).toEqual(['export const GITHUB_TOKEN = "«redacted: github-token»";']);
    expect(matches.find((m) => m.path === 'café.txt')?.after).toEqual(['api_key = "«redacted: api-key»"']);
  });

  it('gives raw text to an internal scan that asks for it, and only to that', async () => {
    expect((await tree.grep({ pattern: 'open_db', maxResults: 0, unredacted: true })).matches.rows()[0].text).toContain(PASSWORD);
    expect((await tree.grep({ pattern: 'open_db', maxResults: 0 })).matches.rows()[0].text).not.toContain(PASSWORD);
  });

  it('judges a file again once it changed: a credential written after one grep is redacted in the next', async () => {
    writeFileSync(join(dir, 'late.py'), 'def connect():\n    return open_db("app")\n');
    const later = new WorkspaceTree({ roots: [{ path: dir }] });
    expect((await later.grep({ pattern: 'open_db', maxResults: 0 })).matches.rows().map((m) => m.text)).toContain(
      '    return open_db("app")',
    );
    writeFileSync(join(dir, 'late.py'), `def connect():\n    return open_db("app", password="${PASSWORD}")\n`);
    const texts = (await later.grep({ pattern: 'open_db', maxResults: 0 })).matches.rows().map((m) => m.text);
    expect(texts).toContain('    return open_db("app", password="«redacted: password»")');
    expect(texts.join('\n')).not.toContain(PASSWORD);
  });
});
