// The secret-file rules by name as data (secrets.ts matches paths with them): rg's exclusions
// come from here alone, so the walk `rlm ask` starts before the CLI loads needs no glob matcher.

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

/**
 * rg arguments that hide secret files. `--iglob` entries are applied after every `--glob`,
 * so they win over any include glob a query brings.
 */
export function secretExclusionArgs(): string[] {
  return [...SECRET_GLOBS, ...SECRET_PAIRS.map((pair) => `**/${pair}`)].flatMap((glob) => ['--iglob', `!${glob}`]);
}
