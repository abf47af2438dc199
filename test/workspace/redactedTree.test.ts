// Redaction as the tree hands text out: read, lines (peek), grep text and context — on whole files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';

const TOKEN = 'ghp_Q8w2E9r4T7y1U3i5O6p0A2s4D6f8G1h3J5k7';
const BODY = [
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
  'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK',
  'LxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo',
];
const CONFIG = [
  '// deploy settings',
  `export const GITHUB_TOKEN = "${TOKEN}";`,
  'export const region = "eu-west-1";',
  `// was ${TOKEN}`,
  '',
].join('\n');
const KEYS = ['KEY = """', '-----BEGIN RSA PRIVATE KEY-----', ...BODY, '-----END RSA PRIVATE KEY-----', '"""', 'print(KEY)', ''].join('\n');

let dir: string;
let tree: WorkspaceTree;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rlm-redact-'));
  writeFileSync(join(dir, 'config.ts'), CONFIG);
  writeFileSync(join(dir, 'keys.py'), KEYS);
  tree = new WorkspaceTree({ roots: [{ path: dir }] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a redacting tree', () => {
  it('reads files with credentials replaced and every line where it was', async () => {
    const text = await tree.read('config.ts');
    expect(text).toBe(CONFIG.replaceAll(TOKEN, '«redacted: github-token»'));
    expect(text.split('\n')).toHaveLength(CONFIG.split('\n').length);
  });

  it('redacts a peek into the middle of a private-key block: the whole file is judged', async () => {
    const range = await tree.lines('keys.py', 4, 5);
    expect(range.lines).toEqual(['«redacted: private-key»', '«redacted: private-key»']);
    expect((await tree.lines('keys.py', 1, 99)).lines).toHaveLength(KEYS.split('\n').length - 1);
  });

  it('keeps "where is the key?" answerable: the line of the name is found, its value redacted', async () => {
    const result = await tree.grep({ pattern: 'GITHUB_TOKEN', maxResults: 0, contextLines: 1 });
    expect(result.matches.rows()).toEqual([
      {
        path: 'config.ts',
        line: 2,
        column: 14,
        text: 'export const GITHUB_TOKEN = "«redacted: github-token»";',
        before: ['// deploy settings'],
        after: ['export const region = "eu-west-1";'],
      },
    ]);
  });

  it('is no oracle: a match only inside a redacted value is dropped, however the pattern is cut', async () => {
    for (const pattern of ['ghp_', TOKEN.slice(0, 12), 'Q8w2E9', `"${TOKEN.slice(0, 6)}`, 'MIIEow', 'VTLw7onL', 'T[0-9]y1U']) {
      expect((await tree.grep({ pattern, maxResults: 0 })).matches.rows(), pattern).toEqual([]);
      expect((await tree.grep({ pattern, maxResults: 0, ignoreCase: true, multiline: true })).matches.rows(), pattern).toEqual([]);
    }
    // Nor does "more than maxResults" count the matches inside values.
    const cut = await tree.grep({ pattern: 'ghp_', maxResults: 1 });
    expect({ ...cut, matches: cut.matches.rows() }).toEqual({ matches: [], truncated: false });
  });

  it('shows redacted context lines around a match next to a key', async () => {
    const [match] = (await tree.grep({ pattern: 'BEGIN RSA', maxResults: 0, contextLines: 2 })).matches.rows();
    expect(match.after).toEqual(['«redacted: private-key»', '«redacted: private-key»']);
    expect(JSON.stringify(await tree.grep({ pattern: 'print', maxResults: 0, contextLines: 9 }))).not.toMatch(/MIIE|VTLw|LxoS/);
  });

  it('shows the raw text when redaction is off', async () => {
    const raw = new WorkspaceTree({ roots: [{ path: dir }], redactSecrets: false });
    expect(await raw.read('config.ts')).toBe(CONFIG);
    expect((await raw.grep({ pattern: 'ghp_', maxResults: 0 })).matches.rows()).toHaveLength(2);
    expect(await raw.redact(`token ${TOKEN}`)).toBe(`token ${TOKEN}`);
    expect(await tree.redact(`token ${TOKEN}`)).toBe('token «redacted: github-token»');
  });
});
