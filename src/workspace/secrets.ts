// Secret-file rules by name: one list of basename globs and one of folder/file pairs
// (secretGlobs.ts) drive both rg's exclusions and this JS check. Secret by content: secretContent.ts.
import picomatch from 'picomatch/posix';
import { SECRET_GLOBS, SECRET_PAIRS } from './secretGlobs.js';

export { SECRET_GLOBS, SECRET_PAIRS, secretExclusionArgs } from './secretGlobs.js';

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
