// Ranks files for an outline: their sizes and import words come from the import table where a
// file is unchanged and from one grep over the rest; an unchanged set of files reuses its ranking.
import { createHash } from 'node:crypto';
import type { FileTree, WorkspacePath } from '../workspace/fileTree.js';
import { IMPORT_LINE_PATTERN, importTokens, rankByImports, type RankInput } from './importRank.js';
import type { ImportTable } from './importTable.js';
import type { Fingerprint } from './symbolCache.js';

/** Up to this many changed files are grepped by name; more, and one grep covers the patterns. */
const MAX_NAMED = 256;
/** A file changed this recently may change again within the clock's tick: its ranking is not kept. */
const RACY_MS = 2_000;
const FINGERPRINT_SLICE = 1_000;

/**
 * `paths` best first, by rankByImports. `onScan` is told when the ranking is not known and the
 * files' imports have to be looked up (the caller may get ready to parse meanwhile).
 */
export function rankForOutline(
  tree: FileTree,
  paths: readonly WorkspacePath[],
  patterns: readonly string[],
  table: ImportTable,
  onScan?: () => void,
): Promise<readonly string[]> {
  return table.serialize(() => rank(tree, paths, patterns, table, onScan));
}

async function rank(
  tree: FileTree,
  paths: readonly WorkspacePath[],
  patterns: readonly string[],
  table: ImportTable,
  onScan?: () => void,
): Promise<readonly string[]> {
  const seen = await fingerprints(tree, paths);
  const digest = createHash('sha1');
  paths.forEach((path, i) => digest.update(`${path}\0${seen[i]!.size}\0${seen[i]!.mtimeMs}\n`));
  const key = digest.digest('hex');
  const known = await table.ranking(key, paths);
  if (known) return known;
  onScan?.();
  const ranked = rankByImports(await scanImports(tree, paths, seen, patterns, table));
  const now = Date.now();
  if (seen.every((s) => now - s.mtimeMs > RACY_MS)) table.setRanking(key, ranked, paths);
  return ranked;
}

export async function scanImports(
  tree: FileTree,
  paths: readonly WorkspacePath[],
  seen: readonly Fingerprint[],
  patterns: readonly string[],
  table: ImportTable,
): Promise<RankInput[]> {
  const known = await Promise.all(paths.map((path, i) => table.get(path, seen[i]!)));
  const stale = paths.filter((_, i) => !known[i]);
  const found = new Map<string, Set<string>>();
  if (stale.length > 0) {
    const { matches } = await tree.grep({
      pattern: IMPORT_LINE_PATTERN,
      glob: stale.length <= MAX_NAMED ? stale : [...patterns],
      maxResults: 0,
      unredacted: true, // only module words are kept, for ranking: no text reaches a model
    });
    for (const match of matches) {
      let tokens = found.get(match.path);
      if (!tokens) found.set(match.path, (tokens = new Set()));
      for (const token of importTokens(match.text)) tokens.add(token);
    }
  }
  return paths.map((path, i) => {
    let imports = known[i];
    if (!imports) {
      imports = [...(found.get(path) ?? [])];
      table.set(path, seen[i]!, [...imports]);
    }
    return { path, size: seen[i]!.size, imports };
  });
}

/** In slices, yielding between them, so a large tree does not hold up the event loop. */
async function fingerprints(tree: FileTree, paths: readonly WorkspacePath[]): Promise<Fingerprint[]> {
  const seen: Fingerprint[] = [];
  for (let start = 0; start < paths.length; start += FINGERPRINT_SLICE) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    const slice = paths.slice(start, start + FINGERPRINT_SLICE);
    seen.push(...(await Promise.all(slice.map((path) => tree.fingerprint(path).catch((): Fingerprint => ({ size: 0, mtimeMs: 0 }))))));
  }
  return seen;
}
