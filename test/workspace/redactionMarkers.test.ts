// The marker pre-scan of redaction: every rule's sample sits on a marker line, ordinary code has
// none, the automaton agrees with a plain reading of the marker table, and the ripgrep pattern
// finds every line the scan marks, so grep can judge a file from those lines alone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAssignments, findPrivateKeys, findTokens, type Finding } from '../../src/workspace/redaction/credentialRules.js';
import { candidateLines } from '../../src/workspace/redaction/markerLines.js';
import { MARKERS } from '../../src/workspace/redaction/markers.js';
import { scanMarkers, type MarkerScan } from '../../src/workspace/redaction/markerScan.js';
import { findCredentials, linesHoldCredentials, loadSecretlint } from '../../src/workspace/redaction/redactor.js';

type Preset = typeof import('@secretlint/secretlint-rule-preset-recommend', { with: { 'resolution-mode': 'import' } });

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Deterministic "random" characters, so a failure repeats. */
function chars(length: number, alphabet = ALNUM, seed = length): string {
  let state = seed * 7919 + 17;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out += alphabet[state % alphabet.length];
  }
  return out;
}
const base64 = (text: string) => Buffer.from(text).toString('base64');
/** A 1Password service-account token: base64 of a JSON object, ending in "fQ" (its closing brace). */
function opsToken(): string {
  const account = { signInAddress: 'acme.1password.com', email: 'sa@acme.com', salt: chars(22), pad: '' };
  while (JSON.stringify(account).length % 3 !== 1) account.pad += 'x';
  return `ops_${base64(JSON.stringify(account))}`;
}
const PEM_BODY = ['MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun', chars(64, `${ALNUM}+/`), chars(64, `${ALNUM}+/`, 3)];
const PEM = ['-----BEGIN RSA PRIVATE KEY-----', ...PEM_BODY, '-----END RSA PRIVATE KEY-----'].join('\n');

/** One sample per secretlint rule of the recommended preset, as that rule reports it. */
const SECRETLINT_SAMPLES: Array<{ rule: string; path: string; text: string }> = [
  { rule: 'aws', path: 'src/config.ts', text: 'const id = "AKIAQWERTYUIOPASDFGH";' },
  { rule: 'aws', path: 'src/config.ts', text: `export const AWS_SECRET_ACCESS_KEY = "${chars(40, `${ALNUM}/+`)}";` },
  { rule: 'aws', path: 'deploy/vars.yml', text: 'aws_account_id: "1234-5678-9012"' },
  {
    rule: 'gcp',
    path: 'keys/sa.json',
    text: JSON.stringify({ type: 'service_account', private_key_id: chars(40), private_key: `${PEM}\n` }),
  },
  { rule: 'privatekey', path: 'src/certs.ts', text: `export const KEY = \`${PEM}\`;` },
  { rule: 'npm', path: '.npmrc', text: `//registry.npmjs.org/:_authToken=${chars(36)}` },
  { rule: 'npm', path: 'scripts/publish.sh', text: `export NPM_TOKEN="npm_${chars(36)}"` },
  { rule: 'npm', path: 'package.json', text: `"repository": "https://${chars(40)}:x-oauth-basic@github.com/acme/shop.git"` },
  { rule: 'basicauth', path: 'src/fetch.py', text: 'URL = "https://deploy:Kq8zWm2xRt5v@artifacts.example.com/repo"' },
  { rule: 'slack', path: 'src/notify.go', text: `const slackToken = "xoxb-123456789012-1234567890123-${chars(24)}"` },
  { rule: 'slack', path: 'src/hook.js', text: `post("https://hooks.slack.com/services/T${chars(10)}/B${chars(10)}/${chars(24)}")` },
  { rule: 'sendgrid', path: 'src/mail.rb', text: `SENDGRID = "SG.${chars(22)}.${chars(43)}"` },
  { rule: 'shopify', path: 'src/shop.ts', text: `const shopify = "shpat_${chars(32, '0123456789abcdef')}";` },
  { rule: 'github', path: 'src/github.py', text: `GITHUB = "ghp_${chars(36)}"` },
  { rule: 'github', path: 'src/github.py', text: `GITHUB = "github_pat_${chars(82)}"` },
  { rule: 'openai', path: 'src/ai.ts', text: `const key = "sk-proj-${chars(74)}T3BlbkFJ${chars(74, ALNUM, 5)}";` },
  { rule: 'anthropic', path: 'src/claude.ts', text: `const key = "sk-ant-api03-${chars(93)}AA";` },
  { rule: 'linear', path: 'src/linear.ts', text: `const key = "lin_api_${chars(40)}";` },
  {
    rule: '1password',
    path: 'src/op.ts',
    text: `const op = "${opsToken()}";`,
  },
  { rule: 'database-connection-string', path: 'src/db.java', text: 'String URL = "postgres://app:Zr7qLm2pXw9s@db.internal:5432/shop";' },
  {
    rule: 'database-connection-string',
    path: 'src/db.ts',
    text: 'const mongo = "mongodb+srv://app:Zr7qLm2pXw9s@cluster0.example.net/shop";',
  },
  { rule: 'database-connection-string', path: 'src/db.ts', text: 'const mysql = "mysql://app:Zr7qLm2pXw9s@db.internal:3306/shop";' },
];

/** Samples of our own rules, each with the rule that reports it. */
const OWN_SAMPLES: Array<{ name: string; path: string; text: string; rule: (text: string) => Finding[] }> = [
  ...[
    `const gl = "glpat-${chars(20)}";`,
    `stripe = "sk_live_${chars(24)}"`,
    `STRIPE_WEBHOOK = "whsec_${chars(32)}"`,
    `const maps = "AIza${chars(35)}";`,
    `HF = "hf_${chars(34)}"`,
    `const id = "ASIA${chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}";`,
    `SESSION = "eyJ${chars(20)}.eyJ${chars(30)}.${chars(43)}"`,
    `conn = "DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=${chars(86)}==;"`,
  ].map((text) => ({ name: text.slice(0, 24), path: 'src/app.py', text, rule: findTokens })),
  ...[
    ['src/settings.py', `DB_PASSWORD = "${chars(12)}!7"`],
    ['src/client.ts', `const client = new Client({ apiKey: '${chars(24)}' });`],
    ['config/app.yaml', `database:\n  password: ${chars(16)}`],
    ['.env', `API_TOKEN=${chars(20)}`],
    ['src/main.go', `clientSecret := "${chars(24)}"`],
    ['src/env.py', `os.environ["API_KEY"] = "${chars(20)}"`],
    ['src/conf.php', `$config['password'] = '${chars(14)}';`],
    ['app/config.php', `'auth_key' => '${chars(24)}',`],
    ['config.json', `{"Credentials": "${chars(24)}"}`],
    ['src/App.java', `String accessKey = "${chars(24)}";`],
    ['src/app.rb', `PRIVATE_KEY = "${chars(24)}"`],
    ['settings.ini', `pwd = ${chars(12)}`],
  ].map(([path, text]) => ({
    name: text.slice(0, 24),
    path,
    text,
    rule: (t: string) => findAssignments(t, /\.(?:ya?ml|ini|env)$|^\.env/.test(path)),
  })),
  { name: 'private-key block', path: 'src/keys.py', text: `KEY = """${PEM}"""`, rule: findPrivateKeys },
];

function lineOf(text: string, offset: number): { from: number; to: number } {
  const newline = text.indexOf('\n', offset);
  return { from: text.lastIndexOf('\n', offset - 1) + 1, to: newline < 0 ? text.length : newline };
}

function marks(scan: MarkerScan, text: string, offset: number): boolean {
  const line = lineOf(text, offset);
  return scan.lines.some((marked) => marked.from === line.from && marked.to === line.to);
}

describe('marker pre-scan', () => {
  it("puts every secretlint rule's sample on a marker line that calls secretlint", async () => {
    const { lintSource, config } = await loadSecretlint();
    const reported = new Set<string>();
    for (const sample of SECRETLINT_SAMPLES) {
      const ext = /\.[^./]+$/.exec(sample.path)?.[0] ?? '';
      const { messages } = await lintSource({
        source: { filePath: sample.path, content: sample.text, ext, contentType: 'text' },
        options: { config, noPhysicFilePath: true },
      });
      const ours = messages.filter((message) => message.ruleId.endsWith(`secretlint-rule-${sample.rule}`));
      expect(ours.length, `${sample.rule} reports ${sample.text.slice(0, 40)}`).toBeGreaterThan(0);
      const scan = scanMarkers(sample.text);
      expect(scan.secretlint, sample.text.slice(0, 40)).toBe(true);
      for (const message of ours) expect(marks(scan, sample.text, message.range[0]), sample.text.slice(0, 40)).toBe(true);
      expect((await findCredentials(sample.text, sample.path)).length, sample.text.slice(0, 40)).toBeGreaterThan(0);
      reported.add(sample.rule);
    }
    const { rules: presetRules }: Preset = await import('@secretlint/secretlint-rule-preset-recommend');
    const detectors = presetRules
      .map((rule) => rule.meta.id.replace('@secretlint/secretlint-rule-', ''))
      .filter((id) => id !== 'filter-comments');
    expect([...reported].sort()).toEqual(detectors.sort());
  });

  it("puts every finding of our own rules on a marker line (a key block's armor flags the whole text)", async () => {
    for (const sample of OWN_SAMPLES) {
      const findings = sample.rule(sample.text);
      expect(findings.length, sample.name).toBeGreaterThan(0);
      const scan = scanMarkers(sample.text);
      for (const finding of findings) {
        if (sample.rule === findPrivateKeys) expect(scan.armor).toBe(true);
        else expect(marks(scan, sample.text, finding.start), sample.name).toBe(true);
      }
      expect((await findCredentials(sample.text, sample.path)).length, sample.name).toBeGreaterThan(0);
    }
  });

  it('finds no marker in ordinary code, so such a file is never judged', async () => {
    const code = [
      'import tokenize, secrets',
      'from urllib.parse import urlsplit',
      'def read_tokens(readline):',
      '    for token in tokenize.generate_tokens(readline):',
      '        msg.send(token.string)',
      '    key = cache[key] if key in cache else None',
      '    zone = "Asia/Tokyo"  # taking the offset into account.',
      '    url = "https://docs.python.org/3/library/secrets.html"',
      '    return password_hash(user) if check_passwords else None',
      '    # a JWT starts with EYJ; keys look like SG-1234 or akia-style ids',
    ].join('\n');
    expect(scanMarkers(code)).toEqual({ lines: [], secretlint: false, armor: false });
    expect(await findCredentials(code, 'src/tokens.py')).toEqual([]);
    expect(await linesHoldCredentials(code.split('\n'), 'src/tokens.py')).toBe(false);
  });

  it('marks the same lines as a plain reading of the marker table, on text built from marker pieces', () => {
    const pieces = [
      ...MARKERS.map((marker) => marker.text),
      'ID',
      '_access_key',
      ' ',
      '=',
      ':',
      '"',
      "'",
      '\n',
      '\r\n',
      '.',
      '_',
      '@',
      '/',
      ']',
      'é',
      'x',
      '9',
      '\t',
    ];
    let seed = 1;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 400; round++) {
      let text = '';
      for (let i = random(40); i > 0; i--) {
        const piece = pieces[random(pieces.length)];
        text += random(4) === 0 ? piece.toUpperCase() : random(4) === 0 ? piece.toLowerCase() : piece;
      }
      expect(scanMarkers(text), JSON.stringify(text)).toEqual(plainScan(text));
    }
  });

  it('judges a file from its marker lines exactly as from its whole text', async () => {
    const ordinary = 'import os\n\ndef main():\n    token = os.environ["TOKEN"]\n    return token\n';
    for (const sample of [...SECRETLINT_SAMPLES, ...OWN_SAMPLES]) {
      for (const text of [sample.text, `${ordinary}${sample.text}\n${ordinary}`, ordinary]) {
        const whole = (await findCredentials(text, sample.path)).length > 0;
        const byLines = await linesHoldCredentials(text.split('\n'), sample.path);
        expect(byLines, text.slice(0, 60)).toBe(whole || scanMarkers(text).armor);
      }
    }
  });
});

describe("grep's ripgrep pass over the marker pattern", () => {
  let dir: string;
  const files = new Map<string, string>();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rlm-markers-'));
    const texts = [
      ...[...SECRETLINT_SAMPLES, ...OWN_SAMPLES].map((sample) => `import os\n${sample.text}\nprint("done")\n`),
      'PASSWORD = "Kq8zWm2xRt5v"\r\nToken: x\r\n',
      'nothing = 1\nto see = 2\n',
      'a = 1\0 b\nsecret = "Kq8zWm2xRt5vYu7"\n', // a NUL byte does not stop the scan
      'caf\xe9 = "ghp_x"\n', // not ASCII: judged on the whole file
    ];
    texts.forEach((text, i) => {
      const path = join(dir, `f${i}.txt`);
      writeFileSync(path, text, text.includes('\xe9') ? 'latin1' : 'utf8');
      files.set(path, text);
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns every line the scan marks, and the same verdict on a file as its whole text', async () => {
    const found = await candidateLines([...files.keys()]);
    for (const [path, text] of files) {
      const scan = scanMarkers(text);
      const candidate = found.get(path);
      if (scan.lines.length === 0 && !candidate) continue;
      expect(candidate, path).toBeDefined();
      if (text.includes('\xe9')) {
        expect(candidate!.ascii).toBe(false);
        continue;
      }
      for (const line of scan.lines) expect(candidate!.lines, JSON.stringify(text)).toContain(text.slice(line.from, line.to));
      const whole = (await findCredentials(text, 'f.txt')).length > 0;
      expect(await linesHoldCredentials(candidate!.lines, 'f.txt'), JSON.stringify(text)).toBe(whole || scan.armor);
    }
    expect(found.has(join(dir, `f${SECRETLINT_SAMPLES.length + OWN_SAMPLES.length + 1}.txt`))).toBe(false);
  });
});

/** The scan as the marker table reads, one marker and one position at a time. */
function plainScan(text: string): MarkerScan {
  const result: MarkerScan = { lines: [], secretlint: false, armor: false };
  const folded = text.replace(/[A-Z]/g, (char) => char.toLowerCase());
  let from = 0;
  for (const line of text.split('\n')) {
    let marked = false;
    for (const marker of MARKERS) {
      const haystack = marker.caseSensitive ? line : folded.slice(from, from + line.length);
      const needle = marker.caseSensitive ? marker.text : marker.text.toLowerCase();
      for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
        if (!follows(marker.then, line.slice(at + needle.length))) continue;
        marked = true;
        result.secretlint ||= marker.secretlint;
        result.armor ||= marker.armor === true;
      }
    }
    if (marked) result.lines.push({ from, to: from + line.length });
    from += line.length + 1;
  }
  return result;
}

function follows(then: (typeof MARKERS)[number]['then'], rest: string): boolean {
  switch (then) {
    case undefined:
      return true;
    case 'assignment':
      return /^[A-Za-z0-9_.-]*["']?\]?[^\S\n]*[:=]/.test(rest);
    case 'secret':
      return /^[A-Za-z0-9_.-]*["']?\]?[^\S\n]*[:=]/.test(rest) || /^_?access_?key["']?[^\S\n]*$/i.test(rest);
    case 'account':
      return /^_?(?:ID|id|Id)?["']?[^\S\n]*(?:[:=]|$)/.test(rest);
    case 'userinfo':
      return /^[^\s/]*@/.test(rest);
  }
}
