// Gathers what rankByImports needs for a set of files: their sizes and import words, from the
// import table where a file is unchanged and from one grep over the rest.
import type { FileTree, WorkspacePath } from '../workspace/fileTree.js';
import { IMPORT_LINE_PATTERN, importTokens, type RankInput } from './importRank.js';
import type { ImportTable } from './importTable.js';
import type { Fingerprint } from './symbolCache.js';

/** Up to this many changed files are grepped by name; more, and one grep covers the patterns. */
const MAX_NAMED = 256;

export async function scanImports(tree: FileTree, paths: readonly WorkspacePath[], patterns: readonly string[], table: ImportTable, signal?: AbortSignal): Promise<RankInput[]> {
  const seen = await Promise.all(paths.map((path) => tree.fingerprint(path).catch((): Fingerprint => ({ size: 0, mtimeMs: 0 }))));
  const known = await Promise.all(paths.map((path, i) => table.get(path, seen[i]!)));
  const stale = paths.filter((_, i) => !known[i]);
  const found = new Map<string, Set<string>>();
  if (stale.length > 0) {
    const { matches } = await tree.grep({
      pattern: IMPORT_LINE_PATTERN,
      glob: stale.length <= MAX_NAMED ? stale : [...patterns],
      maxResults: 0,
      ...(signal ? { signal } : {}),
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
