// The credential redactor and its rules: what is found, what stays, and that no newline moves.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { entropy, findAssignments, looksLikeCredential } from '../../src/workspace/redaction/credentialRules.js';
import { redactText } from '../../src/workspace/redaction/redactor.js';
import { isCredentialFile } from '../../src/workspace/secretContent.js';

const KEY_BODY =
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\nLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo\n9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvre';
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${KEY_BODY}\n-----END RSA PRIVATE KEY-----`;

describe('redactText', () => {
  it('replaces each credential with a placeholder naming its kind and keeps the code around it', async () => {
    const text = [
      'export const AWS_SECRET_ACCESS_KEY = "Zx8Qw3Er5Ty7Ui9Op1As2Df4Gh6Jk8Lz0Xc2Vb4N";',
      'const id = "AKIAQWERTYUIOPASDFGH";',
      'const gh = "ghp_R4nd0mT0k3nV4lu3ABCDEFGHIJKLMNOPQRS1";',
      'const url = "postgres://app:pa55w0rdXyz@db.example.com:5432/app";',
      'const gl = "glpat-abcdefghij1234567890";',
      'const stripe = "sk_live_51H8abcdefghijklmnopqrstuv";',
      'DB_PASSWORD = "Summer2024!"',
    ].join('\n');
    expect(await redactText(text, 'src/config.ts')).toBe(
      [
        'export const AWS_SECRET_ACCESS_KEY = "«redacted: aws-secret-access-key»";',
        'const id = "«redacted: aws-access-key-id»";',
        'const gh = "«redacted: github-token»";',
        'const url = "postgres://app:«redacted: password»@db.example.com:5432/app";',
        'const gl = "«redacted: gitlab-token»";',
        'const stripe = "«redacted: stripe-secret-key»";',
        'DB_PASSWORD = "«redacted: password»"',
      ].join('\n'),
    );
  });

  it('keeps every newline (and CR) of a private-key block, the armor lines visible', async () => {
    const text = `key = """\r\n${PEM.replace(/\n/g, '\r\n')}\r\n"""\r\n`;
    const redacted = await redactText(text, 'keys.py');
    expect(redacted.split('\n')).toHaveLength(text.split('\n').length);
    expect(redacted.split('\r\n')).toEqual([
      'key = """',
      '-----BEGIN RSA PRIVATE KEY-----',
      '«redacted: private-key»',
      '«redacted: private-key»',
      '«redacted: private-key»',
      '«redacted: private-key»',
      '-----END RSA PRIVATE KEY-----',
      '"""',
      '',
    ]);
  });

  it('redacts a key wherever it repeats in the text, also without its name', async () => {
    const redacted = await redactText(
      'GITHUB = "ghp_R4nd0mT0k3nV4lu3ABCDEFGHIJKLMNOPQRS1"\n# backup: ghp_R4nd0mT0k3nV4lu3ABCDEFGHIJKLMNOPQRS1 x\n',
      'a.py',
    );
    expect(redacted).not.toContain('R4nd0m');
  });

  it('ignores a secretlint-disable comment: that is a linting choice, not consent to send the key', async () => {
    expect(await redactText('// secretlint-disable\nconst t = "ghp_R4nd0mT0k3nV4lu3ABCDEFGHIJKLMNOPQRS1";\n', 'a.ts')).not.toContain(
      'R4nd0m',
    );
  });

  it('finds JWTs, Slack and npm tokens, a service-account key in one JSON line, a key in a .env line', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const sa = `{"type": "service_account", "private_key": "${PEM.replace(/\n/g, '\\n')}\\n"}`;
    const text = `a = "${jwt}"\nb = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"\nc = "npm_abcdefghijABCDEFGHIJ0123456789abcdef"\n${sa}\n`;
    const redacted = await redactText(text, 'x.py');
    for (const secret of [jwt, 'AbCdEfGhIjKlMnOp', 'npm_abcdefghij', 'MIIEowIBAAKCAQEAu1SU1LfVLPHC'])
      expect(redacted).not.toContain(secret);
    expect(redacted).toContain('«redacted: jwt»');
    expect(await redactText('API_TOKEN=q8W2e9R4t7Y1u3I5o6P0\n', '.env.example')).toBe('API_TOKEN=«redacted: token»\n');
  });

  it('redacts a value assigned to a subscript named like a secret', async () => {
    expect(await redactText(`config['password'] = 'Zr7qLm2pXw9sKv4'\nos.environ["API_KEY"] = "q8W2e9R4t7Y1u3I5o6P0"\n`, 'a.py')).toBe(
      `config['password'] = '«redacted: password»'\nos.environ["API_KEY"] = "«redacted: api-key»"\n`,
    );
  });

  it("redacts values of letters only (found by the suite's random canaries): a YAML password, a mixed-case key", async () => {
    expect(await redactText('db:\n  password: ZMRKZnkrWcAsyUnM\n', 'config/app.yaml')).toBe('db:\n  password: «redacted: password»\n');
    expect(await redactText('api_key = "QwErTyUiOpAsDfGhJk"\n', 'a.py')).toBe('api_key = "«redacted: api-key»"\n');
  });

  it('leaves ordinary code alone: names, labels, references, placeholders and short values', async () => {
    const text = [
      'const header = "X-Api-Key";',
      'TOKEN_KEY = "access_token"',
      'password = os.environ["DB_PASSWORD"]',
      'password = getpass.getpass()',
      'secret: ${{ secrets.API_TOKEN }}',
      'api_key = "<your api key>"',
      'token = "changeme"',
      'if password == "":',
      'tokenize.generate_tokens(readline)',
    ].join('\n');
    expect(await redactText(text, 'ci.py')).toBe(text);
  });
});

describe('secretlint in a long-lived process', () => {
  it('leaves no marks in the performance timeline, so the hundredth lint costs what the first did', async () => {
    for (let i = 0; i < 20; i++) await redactText(`const gh = "ghp_R4nd0mT0k3nV4lu3ABCDEFGHIJKLMNOPQRS${i % 10}";`, `src/f${i}.ts`);
    const marks = performance.getEntriesByType('mark').filter((mark) => mark.name.startsWith('@core>'));
    expect(marks).toEqual([]);
  });
});

describe('credential rules', () => {
  it('tell random values from words', () => {
    expect(entropy('aaaa')).toBe(0);
    expect(looksLikeCredential('q8W2e9R4t7Y1u3I5', 'token', true)).toBe(true);
    expect(looksLikeCredential('user_access_token', 'token', true)).toBe(false);
    expect(looksLikeCredential('hunter22', 'password', true)).toBe(true);
    expect(looksLikeCredential('$DB_PASSWORD', 'password', false)).toBe(false);
  });

  it('read bare values only in configuration', () => {
    expect(findAssignments('password: s3cr3tPass\n', true)).toHaveLength(1);
    expect(findAssignments('password = s3cr3tPass\n', false)).toHaveLength(0);
    expect(findAssignments('const token: string = "q8W2e9R4t7Y1u3I5";', false)).toHaveLength(0); // typed: the quoted value is after "="
  });
});

describe('files that are credentials by content', () => {
  it('recognises a private key, a service account, a kubeconfig with a token, tfvars with a password', () => {
    expect(isCredentialFile(`${PEM}\n`, 'notes/key.txt')).toBe(true);
    expect(
      isCredentialFile(
        JSON.stringify({ type: 'service_account', client_email: 'a@b.iam.gserviceaccount.com', private_key: PEM }),
        'my-project-sa.json',
      ),
    ).toBe(true);
    expect(
      isCredentialFile(
        'apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: admin\n  user:\n    token: abcdef123456\n',
        'cluster.yaml',
      ),
    ).toBe(true);
    expect(isCredentialFile('region = "eu-west-1"\ndb_password = "Tr0ub4dor&3x"\n', 'prod.tfvars')).toBe(true);
  });

  it('keeps look-alikes visible: a README quoting a key, package.json, a workflow with a token reference', () => {
    expect(
      isCredentialFile(
        `# How to make a key\n\nRun openssl, then you get:\n\n${PEM}\n\nKeep it safe. Never commit it.\nAsk the team.\nThanks.\n`,
        'README.txt',
      ),
    ).toBe(false);
    expect(isCredentialFile('{"name": "x", "version": "1.0.0"}', 'package.json')).toBe(false);
    expect(
      isCredentialFile(
        'on: push\njobs:\n  build:\n    steps:\n      - run: make\n        env:\n          token: ${{ secrets.T }}\n',
        'ci.yml',
      ),
    ).toBe(false);
    expect(isCredentialFile('region = "eu-west-1"\ninstance_type = "t3.micro"\n', 'prod.tfvars')).toBe(false);
  });
});
