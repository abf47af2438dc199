// The secret patterns of the adversarial suite: secret files (by name and by content) and
// credentials pasted into ordinary files, each built around canary values drawn fresh per run.
import { randomBytes, randomInt } from 'node:crypto';

export interface SecretPattern {
  name: string;
  /** 'file': the whole file must be invisible; 'pasted': the file stays, its credentials are redacted. */
  kind: 'file' | 'pasted';
  path: string;
  content: string;
  /** Values that must never appear in anything the workspace hands out. */
  canaries: string[];
  /** For pasted credentials: text on the credential's line that stays findable ("where is the key?"). */
  findable?: string;
  /** A symbol of the file, for symbols/slice/refs probes. */
  symbol?: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';
const BASE64 = `${ALNUM}+/`;

export function random(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A private-key body of `lines` base64 lines, like openssl writes. */
function keyBody(lines = 12): string[] {
  return Array.from({ length: lines }, (_, i) => (i === 0 ? 'MIIEow' : '') + random(BASE64, i === 0 ? 58 : 64));
}

function pem(kind = 'RSA '): { text: string; body: string[] } {
  const body = keyBody();
  return { text: [`-----BEGIN ${kind}PRIVATE KEY-----`, ...body, `-----END ${kind}PRIVATE KEY-----`].join('\n'), body };
}

export function buildPatterns(): SecretPattern[] {
  const p: SecretPattern[] = [];
  const file = (name: string, path: string, content: string, canaries: string[]) => p.push({ name, kind: 'file', path, content, canaries });
  const pasted = (name: string, path: string, content: string, canaries: string[], findable: string, symbol?: string) =>
    p.push({ name, kind: 'pasted', path, content, canaries, findable, symbol });

  // Secret files by name.
  const envKey = random(ALNUM, 32);
  file('.env', '.env', `DATABASE_URL=postgres://app:${envKey}@db/app\nAPI_KEY=${envKey}\n`, [envKey]);
  const pgpass = random(ALNUM, 20);
  file('.pgpass', '.pgpass', `db.internal:5432:app:admin:${pgpass}\n`, [pgpass]);
  const dockerAuth = Buffer.from(`ci:${random(ALNUM, 24)}`).toString('base64');
  file('.docker/config.json', '.docker/config.json', JSON.stringify({ auths: { 'registry.example.com': { auth: dockerAuth } } }, null, 2), [
    dockerAuth,
  ]);
  const kubeToken = random(ALNUM, 40);
  file('.kube/config', '.kube/config', `apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: ${kubeToken}\n`, [
    kubeToken,
  ]);
  const kubeconfigKey = random(BASE64, 60);
  file(
    'kubeconfig',
    'deploy/kubeconfig',
    `apiVersion: v1\nclusters: []\nusers:\n- name: ci\n  user:\n    client-key-data: ${kubeconfigKey}\n`,
    [kubeconfigKey],
  );
  const tfPass = random(ALNUM, 24);
  file(
    'terraform.tfstate',
    'infra/terraform.tfstate',
    JSON.stringify({ version: 4, resources: [{ instances: [{ attributes: { password: tfPass } }] }] }),
    [tfPass],
  );
  const tfBackup = random(ALNUM, 24);
  file(
    '*.tfstate.backup',
    'infra/terraform.tfstate.backup',
    JSON.stringify({ resources: [{ instances: [{ attributes: { master_password: tfBackup } }] }] }),
    [tfBackup],
  );
  const pypi = `pypi-${random(ALNUM, 50)}`;
  file('.pypirc', '.pypirc', `[pypi]\nusername = __token__\npassword = ${pypi}\n`, [pypi]);
  const gem = `rubygems_${random(HEX, 48)}`;
  file('.gem/credentials', '.gem/credentials', `---\n:rubygems_api_key: ${gem}\n`, [gem]);
  const vault = `hvs.${random(ALNUM, 24)}`;
  file('.vault-token', '.vault-token', `${vault}\n`, [vault]);
  const npmrc = `npm_${random(ALNUM, 36)}`;
  file('.npmrc', 'web/.npmrc', `//registry.npmjs.org/:_authToken=${npmrc}\n`, [npmrc]);
  const netrc = random(ALNUM, 20);
  file('.netrc', '.netrc', `machine api.example.com login bot password ${netrc}\n`, [netrc]);
  const htpasswd = `$apr1$${random(ALNUM, 8)}$${random(ALNUM, 22)}`;
  file('htpasswd', 'nginx/htpasswd', `admin:${htpasswd}\n`, [htpasswd]);
  const sshKey = pem('OPENSSH ');
  file('id_ed25519', '.ssh/id_ed25519', `${sshKey.text}\n`, sshKey.body);
  const keystore = random(BASE64, 48);
  file('*.jks', 'android/release.jks', `keystore ${keystore}\n`, [keystore]);
  const awsFile = random(BASE64, 40);
  file(
    '.aws/credentials',
    '.aws/credentials',
    `[default]\naws_access_key_id = AKIA${random(UPPER_DIGITS, 16)}\naws_secret_access_key = ${awsFile}\n`,
    [awsFile],
  );

  // Secret files by content, whatever the name.
  const sa = pem('');
  const saJson = JSON.stringify(
    {
      type: 'service_account',
      project_id: 'shop-prod',
      private_key_id: random(HEX, 40),
      private_key: `${sa.text}\n`,
      client_email: 'ci@shop-prod.iam.gserviceaccount.com',
    },
    null,
    2,
  );
  file(
    'service-account JSON',
    'my-project-sa.json',
    saJson,
    sa.body.map((line) => line.slice(0, 40)),
  );
  const clusterToken = random(ALNUM, 40);
  file(
    'kubeconfig by content',
    'ops/cluster.yaml',
    `apiVersion: v1\nkind: Config\nclusters:\n- name: prod\nusers:\n- name: admin\n  user:\n    token: ${clusterToken}\n`,
    [clusterToken],
  );
  const keyTxt = pem('EC ');
  file('PEM key in a .txt', 'notes/keys.pem.txt', `${keyTxt.text}\n`, keyTxt.body);
  const tfvars = random(ALNUM, 20);
  file('*.tfvars with a secret', 'infra/prod.tfvars', `region = "eu-west-1"\ndb_password = "${tfvars}"\n`, [tfvars]);
  const refresh = `1//${random(ALNUM, 60)}`;
  file(
    'authorized_user JSON',
    'ops/adc.json',
    JSON.stringify({
      type: 'authorized_user',
      client_id: 'x.apps.googleusercontent.com',
      client_secret: random(ALNUM, 24),
      refresh_token: refresh,
    }),
    [refresh],
  );

  // Credentials pasted into ordinary files.
  const awsId = `AKIA${random(UPPER_DIGITS, 16)}`;
  const awsSecret = random(BASE64, 40);
  pasted(
    'AWS key id + secret',
    'src/aws.ts',
    `export const AWS_ACCESS_KEY_ID = "${awsId}";\nexport const AWS_SECRET_ACCESS_KEY = "${awsSecret}";\nexport function client() {\n  return { id: AWS_ACCESS_KEY_ID };\n}\n`,
    [awsId, awsSecret],
    'AWS_SECRET_ACCESS_KEY',
    'client',
  );
  const gh = `ghp_${random(ALNUM, 36)}`;
  pasted(
    'GitHub token',
    'src/github.py',
    `GITHUB_TOKEN = "${gh}"\n\ndef headers():\n    return {"Authorization": "token " + GITHUB_TOKEN}\n`,
    [gh],
    'GITHUB_TOKEN',
    'headers',
  );
  const gl = `glpat-${random(ALNUM, 20)}`;
  pasted(
    'GitLab token',
    'scripts/release.js',
    `const gitlab = { token: '${gl}' };\nfunction release() {\n  return gitlab.token;\n}\n`,
    [gl],
    'gitlab',
    'release',
  );
  const slack = `xoxb-${random('0123456789', 12)}-${random('0123456789', 13)}-${random(ALNUM, 24)}`;
  pasted(
    'Slack token',
    'src/notify.go',
    `package notify\n\nconst slackToken = "${slack}"\n\nfunc Send() string {\n\treturn slackToken\n}\n`,
    [slack],
    'slackToken',
    'Send',
  );
  const stripe = `sk_live_${random(ALNUM, 32)}`;
  pasted(
    'Stripe live key',
    'app/billing.rb',
    `class Billing\n  STRIPE_KEY = "${stripe}"\n  def charge\n    STRIPE_KEY\n  end\nend\n`,
    [stripe],
    'STRIPE_KEY',
    'charge',
  );
  const npmToken = `npm_${random(ALNUM, 36)}`;
  pasted('npm token', 'scripts/publish.sh', `#!/bin/sh\nexport NPM_TOKEN="${npmToken}"\nnpm publish\n`, [npmToken], 'NPM_TOKEN');
  const pemCode = pem();
  pasted(
    'PEM block in code',
    'src/certs.ts',
    `export const KEY = \`${pemCode.text}\`;\nexport function sign() {\n  return KEY.length;\n}\n`,
    pemCode.body,
    'BEGIN RSA PRIVATE KEY',
    'sign',
  );
  const jwt = `eyJ${random(ALNUM, 30)}.eyJ${random(ALNUM, 40)}.${random(ALNUM, 43)}`;
  pasted('JWT', 'tests/test_auth.py', `SESSION = "${jwt}"\n\ndef test_login():\n    assert SESSION\n`, [jwt], 'SESSION', 'test_login');
  const saKey = pem('');
  pasted(
    'service-account key pasted in code',
    'src/gcp.ts',
    `export const credentials = {\n  type: "service_account",\n  private_key: "${saKey.text.replace(/\n/g, '\\n')}\\n",\n};\n`,
    saKey.body.map((line) => line.slice(0, 40)),
    'private_key',
  );
  const password = `${random(ALNUM, 10)}!${random('0123456789', 3)}`;
  pasted(
    'password assignment',
    'app/settings.py',
    `DEBUG = False\nDB_PASSWORD = "${password}"\n\ndef database():\n    return DB_PASSWORD\n`,
    [password],
    'DB_PASSWORD',
    'database',
  );
  const dbPass = random(ALNUM, 18);
  pasted(
    'password in a connection URL',
    'src/db.java',
    `class Db {\n  static final String URL = "postgres://app:${dbPass}@db.internal:5432/shop";\n  String url() { return URL; }\n}\n`,
    [dbPass],
    'db.internal',
  );
  const yamlPass = random(ALNUM, 16);
  pasted(
    'password in YAML config',
    'config/app.yaml',
    `server:\n  port: 8080\ndatabase:\n  user: app\n  password: ${yamlPass}\n`,
    [yamlPass],
    'password',
  );
  const openai = `sk-proj-${random(ALNUM, 74)}T3BlbkFJ${random(ALNUM, 74)}`;
  pasted(
    'OpenAI key',
    'src/ai.ts',
    `const client = new OpenAI({ apiKey: "${openai}" });\nexport function ask() {\n  return client;\n}\n`,
    [openai],
    'apiKey',
    'ask',
  );
  const google = `AIza${random(ALNUM, 35)}`;
  pasted(
    'Google API key',
    'web/maps.js',
    `const MAPS_KEY = "${google}";\nfunction load() {\n  return MAPS_KEY;\n}\n`,
    [google],
    'MAPS_KEY',
    'load',
  );
  const secretEnv = random(ALNUM, 32);
  pasted(
    '*_SECRET in a Dockerfile',
    'Dockerfile',
    `FROM node:20\nENV SESSION_SECRET=${secretEnv}\nCMD ["node", "server.js"]\n`,
    [secretEnv],
    'SESSION_SECRET',
  );
  const bytes = randomBytes(4).toString('hex'); // keeps two runs' workspaces apart in their names
  void bytes;
  return p;
}
