// Secret-file rules: one list of basename globs drives both rg's exclusions and the JS check.
import picomatch from 'picomatch/posix';

/**
 * Basename globs, matched case-insensitively against every path segment, so a matching
 * directory (".aws", ".ssh") hides everything under it. Source files merely named like a
 * secret ("credentials.ts") do not match.
 */
export const SECRET_GLOBS: readonly string[] = [
  '.env',
  '.env.*',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  '.npmrc',
  '.pypirc',
  '.netrc',
  '_netrc',
  '*.kdbx',
  '.aws',
  '.ssh',
  '.gnupg',
  'credentials.json',
  '.git-credentials',
  '*.keystore',
  '*.jks',
  '.htpasswd',
];

const isSecretSegment = picomatch([...SECRET_GLOBS], { dot: true, nocase: true });

// Names repeat across paths (src, index.ts, …): remembering them makes checking every file cheap.
const segmentVerdicts = new Map<string, boolean>();

/** True when any segment of a relative POSIX path matches a secret rule. */
export function isSecretPath(relativePath: string): boolean {
  return relativePath.split('/').some((segment) => segment !== '' && isSecretName(segment));
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

/**
 * rg arguments that hide secret files. `--iglob` entries are applied after every `--glob`,
 * so they win over any include glob a query brings.
 */
export function secretExclusionArgs(): string[] {
  return SECRET_GLOBS.flatMap((glob) => ['--iglob', `!${glob}`]);
}
