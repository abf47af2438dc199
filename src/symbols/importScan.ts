// Ranks files for an outline: their sizes and import words come from the import table where a
// file is unchanged and from one grep over the rest; an unchanged set of files reuses its ranking.
import { createHash } from 'node:crypto';
import type { FileTree, WorkspacePath } from '../workspace/fileTree.js';
import { escapeGlob } from '../workspace/grepGlobs.js';
import { detectLanguage } from '../workspace/languages.js';
import { importLinePattern, importTokens, isImportLine, rankByImports, type RankInput } from './importRank.js';
import type { ImportTable } from './importTable.js';
import type { Fingerprint } from './symbolCache.js';

/** Up to this many changed files are grepped by name; more, and one grep covers the patterns. */
const MAX_NAMED = 256;
/** A file changed this recently may change again within the clock's tick: its ranking is not kept. */
const RACY_MS = 2_000;
/** Patterns that match every file. */
const EVERY_FILE = new Set(['**', '**/*', '*', './**', './**/*']);
/** Up to this many file extensions (and names without one) make the grep's globs; more, and its patterns do. */
const MAX_NAMES = 64;

/**
 * `paths` best first, by rankByImports. `onScan` is told when the ranking is not known and the
 * files' imports have to be looked up (the caller may get ready to parse meanwhile).
 */
export async function rankForOutline(
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
  // Only a scan waits for the one under way (which may record what it needs): an outline whose
  // words are all known never waits behind a background scan of other files.
  const inputs = (await knownInputs(paths, seen, table)) ?? (await table.serialize(() => scanImports(tree, paths, seen, patterns, table)));
  const ranked = rankByImports(inputs);
  const now = Date.now();
  if (seen.every((s) => now - s.mtimeMs > RACY_MS)) table.setRanking(key, ranked, paths);
  return ranked;
}

async function knownInputs(
  paths: readonly WorkspacePath[],
  seen: readonly Fingerprint[],
  table: ImportTable,
): Promise<RankInput[] | undefined> {
  const inputs: RankInput[] = [];
  for (let i = 0; i < paths.length; i++) {
    const imports = await table.get(paths[i]!, seen[i]!);
    if (!imports) return undefined;
    inputs.push({ path: paths[i]!, size: seen[i]!.size, imports });
  }
  return inputs;
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
    const languages = new Map(stale.map((path) => [path, detectLanguage(path, { binary: false, firstLine: '' })]));
    const present = new Set(languages.values());
    const pattern = importLinePattern(present);
    const { matches } = await tree.grep({
      pattern,
      glob: stale.length <= MAX_NAMED ? stale : grepGlobs(patterns, stale),
      maxResults: 0,
      unredacted: true, // only module words are kept, for ranking: no text reaches a model
    });
    // A file's words come from its own language's forms, whichever other languages shared its grep.
    const mixed = new Set([...present].filter((language) => importLinePattern([language]) !== pattern));
    matches.eachRun((path, _from, _to, run) => {
      const language = languages.get(path);
      if (language === undefined) return;
      let tokens = found.get(path);
      for (const text of matches.textsOf(run)) {
        if (mixed.has(language) && !isImportLine(language, text)) continue;
        if (!tokens) found.set(path, (tokens = new Set()));
        for (const token of importTokens(text)) tokens.add(token);
      }
    });
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

/**
 * The outline's own patterns, unless they match every file ("**"): then the names of the files
 * to scan by extension, so rg does not read every data file and binary of the tree.
 */
function grepGlobs(patterns: readonly string[], paths: readonly WorkspacePath[]): string[] {
  if (!patterns.some((pattern) => EVERY_FILE.has(pattern))) return [...patterns];
  const names = new Set<string>();
  for (const path of paths) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    const dot = base.lastIndexOf('.');
    names.add(dot > 0 ? `*${escapeGlob(base.slice(dot))}` : escapeGlob(base));
    if (names.size > MAX_NAMES) return [...patterns];
  }
  return [...names];
}

async function fingerprints(tree: FileTree, paths: readonly WorkspacePath[]): Promise<Fingerprint[]> {
  return (await tree.fingerprints(paths)).map((seen) => seen ?? { size: 0, mtimeMs: 0 });
}
