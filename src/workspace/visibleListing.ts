// One root's listing as the model may see it: ripgrep's walk with the visibility rules, minus the
// files whose content is a credential (secretContent.ts, judged during the walk), sorted; and,
// when the summary asks for them in time, the root's counts, made before the sort (a run per turn
// of the event loop) so the first request need not wait for it.
import { CleanVerdicts, verdictsFile } from './cleanVerdicts.js';
import { walkRuns, type VisibilityRules } from './listing.js';
import { PathCounts, type ListingTally } from './listingCounts.js';
import { CLEAN_VERDICT_RULES, CredentialScan } from './secretContent.js';

/**
 * The visible files of one root (root-relative paths, code-unit order). When `tally` wants
 * counts, it gets this root's before the sort; otherwise nothing is counted (a glob's listing).
 * `cacheDir` keeps the scan's clean verdicts between runs (cleanVerdicts.ts).
 */
export async function listVisibleRoot(
  rootPath: string,
  rules: VisibilityRules,
  cacheDir: string | undefined,
  signal: AbortSignal,
  tally: ListingTally,
  rootIndex: number,
): Promise<string[]> {
  const verdicts = cacheDir === undefined ? undefined : new CleanVerdicts(verdictsFile(cacheDir, rootPath), CLEAN_VERDICT_RULES);
  const scan = rules.allowSecrets ? undefined : new CredentialScan(rootPath, verdicts);
  let counts = tally.wanted ? new PathCounts() : undefined;
  const runs = await walkRuns(rootPath, rules, signal, {
    offer(path) {
      counts?.add(path);
      scan?.offer(path);
    },
  });
  if (!counts && tally.wanted) counts = PathCounts.of(runs.paths()); // asked for during the walk
  const credentials = scan?.finish(); // every head was read as ripgrep named its file
  if (counts) {
    for (const path of credentials ?? []) counts.remove(path);
    tally.rootCounted(rootIndex, counts);
    // The sort goes a run at a turn of the event loop: the first request, which needs only the
    // counts, goes first, and the runs the walk had no idle time for (~20 ms in `rlm ask`, whose
    // thread loads the engine during the walk) fill its waits (the models listing's round trip).
    do await new Promise((resolve) => setImmediate(resolve));
    while (runs.sortOne());
  }
  const files = runs.paths().sort(); // the default sort is code-unit order, as comparePaths, and much faster
  return credentials?.size ? files.filter((path) => !credentials.has(path)) : files;
}
