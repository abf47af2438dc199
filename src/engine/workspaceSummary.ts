// The short description of the workspace that opens every root prompt: totals, languages and
// the top level. Its size is bounded: a 10,000-file tree reads about as long as a 100-file one.
// Counts only, from the listing: no file is stat'ed (sizes are one tree() call away), and a
// tree that counts as it lists (WorkspaceTree) lets the first request leave before its listing
// is sorted.
import type { FileTree } from '../workspace/fileTree.js';
import { formatCount } from '../workspace/format.js';
import { PathCounts, type ListingCounts } from '../workspace/listingCounts.js';

const MAX_LANGUAGES = 10;
const MAX_TOP_LEVEL = 25;

/** By counts: a tree that keeps its listing between runs (the extension's) summarizes it once. */
const summaries = new WeakMap<ListingCounts, { roots: string; text: string }>();

export async function summarizeWorkspace(tree: FileTree): Promise<string> {
  const counts = tree.listingCounts ? await tree.listingCounts() : PathCounts.of(await tree.files());
  const roots = tree.roots.join('\0');
  const known = summaries.get(counts);
  if (known?.roots === roots) return known.text;
  const text = summarize(tree.roots, counts);
  summaries.set(counts, { roots, text });
  return text;
}

function summarize(roots: readonly string[], counts: ListingCounts): string {
  const lines = [`Workspace: ${roots.join(', ')} — ${count(counts.total, 'file')}`];
  // Ties in name order: the counts come in the order ripgrep found the files.
  const byFiles = [...counts.languages].sort((a, b) => b[1] - a[1] || byName(a[0], b[0]));
  lines.push(
    `Languages: ${byFiles
      .slice(0, MAX_LANGUAGES)
      .map(([name, n]) => `${name} ${n}`)
      .join(', ')}${more(byFiles.length - MAX_LANGUAGES, 'other language')}`,
  );
  lines.push('Top level:');
  const isDir = (name: string) => name.endsWith('/');
  const entries = [...counts.topLevel].sort((a, b) => Number(isDir(b[0])) - Number(isDir(a[0])) || b[1] - a[1] || byName(a[0], b[0]));
  for (const [name, n] of entries.slice(0, MAX_TOP_LEVEL)) lines.push(isDir(name) ? `  ${name}  (${count(n, 'file')})` : `  ${name}`);
  if (entries.length > MAX_TOP_LEVEL) lines.push(`  …${more(entries.length - MAX_TOP_LEVEL, 'more entry', 'more entries')} (see ls())`);
  return lines.join('\n');
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function count(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

function more(n: number, noun: string, plural = `${noun}s`): string {
  return n > 0 ? ` and ${n} ${n === 1 ? noun : plural}` : '';
}
