// Secret-file rules by name: one list of basename globs and one of folder/file pairs drive both
// rg's exclusions and the JS check. Files that are secret by content: secretContent.ts.
import picomatch from 'picomatch/posix';

/**
 * Basename globs, matched case-insensitively against every path segment, so a matching
 * directory (".aws", ".ssh") hides everything under it. Source files merely named like a
 * secret ("credentials.ts", "kubeconfig.go") do not match.
 */
export const SECRET_GLOBS: readonly string[] = [
  // environment files and private keys
  '.env',
  '.env.*',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  '*.ppk',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  // key stores and password databases
  '*.kdbx',
  '*.keystore',
  '*.jks',
  '*.keychain',
  '*.keychain-db',
  'secring.*',
  // package-registry, VCS and network credentials
  '.npmrc',
  '.pypirc',
  '.netrc',
  '_netrc',
  '.git-credentials',
  '.dockercfg',
  '.boto',
  '.s3cfg',
  '.vault-token',
  '.terraformrc',
  'terraform.rc',
  'credentials.tfrc.json',
  // database credentials
  '.pgpass',
  'pgpass.conf',
  '.my.cnf',
  '.mylogin.cnf',
  // cloud and cluster credentials
  '.aws',
  '.ssh',
  '.gnupg',
  '.kube',
  '.azure',
  'kubeconfig',
  'kubeconfig.yaml',
  'kubeconfig.yml',
  'kubeconfig.json',
  '*.kubeconfig',
  'credentials.json',
  'client_secret*.json',
  'application_default_credentials.json',
  // Terraform state holds every secret the configuration touched
  '*.tfstate',
  '*.tfstate.*',
  // web-server password files
  '.htpasswd',
  'htpasswd',
  '*.htpasswd',
];

/** Credential files known by their folder ("folder/name"), any depth; the names alone are too common to hide. */
export const SECRET_PAIRS: readonly string[] = [
  '.docker/config.json',
  '.gem/credentials',
  '.cargo/credentials',
  '.cargo/credentials.toml',
  '.config/gcloud',
  '.config/hub',
  '.config/gh/hosts.yml',
  '.m2/settings.xml',
  '.m2/settings-security.xml',
  '.gradle/gradle.properties',
  '.composer/auth.json',
];

const isSecretSegment = picomatch([...SECRET_GLOBS], { dot: true, nocase: true });
const secretPairs = new Set(SECRET_PAIRS.map((pair) => pair.toLowerCase()));
const pairFolders = new Set(SECRET_PAIRS.map((pair) => pair.slice(0, pair.indexOf('/')).toLowerCase()));

// Names repeat across paths (src, index.ts, …): remembering them makes checking every file cheap.
const segmentVerdicts = new Map<string, boolean>();

/** True when any segment of a relative POSIX path matches a secret rule. */
export function isSecretPath(relativePath: string): boolean {
  const segments = relativePath.split('/');
  return segments.some((segment, i) => segment !== '' && (isSecretName(segment) || isSecretPair(segments, i)));
}

function isSecretName(segment: string): boolean {
  let verdict = segmentVerdicts.get(segment);
  if (verdict === undefined) {
    if (segmentVerdicts.size > 100_000) segmentVerdicts.clear();
    verdict = isSecretSegment(segment);
    segmentVerdicts.set(segment, verdict);
  }
  return verdict;
}

/** True when a folder's name, alone or with what lies below it, can match a secret rule. */
export function mayMakeSecret(folderName: string): boolean {
  return isSecretName(folderName) || pairFolders.has(folderName.toLowerCase());
}

/** A pair rule names a folder and what is under it: ".config/gh/hosts.yml" spans three segments. */
function isSecretPair(segments: readonly string[], i: number): boolean {
  if (!pairFolders.has(segments[i].toLowerCase())) return false;
  for (let end = i + 2; end <= segments.length; end++) {
    if (secretPairs.has(segments.slice(i, end).join('/').toLowerCase())) return true;
  }
  return false;
}

/**
 * rg arguments that hide secret files. `--iglob` entries are applied after every `--glob`,
 * so they win over any include glob a query brings.
 */
export function secretExclusionArgs(): string[] {
  return [...SECRET_GLOBS, ...SECRET_PAIRS.map((pair) => `**/${pair}`)].flatMap((glob) => ['--iglob', `!${glob}`]);
}
