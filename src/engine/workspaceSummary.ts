// The short description of the workspace that opens every root prompt: totals, languages and
// the top level. Its size is bounded: a 10,000-file tree reads about as long as a 100-file one.
// Counts only, from the listing: no file is stat'ed, so the first request leaves at once
// (sizes are one tree() call away).
import type { FileTree } from '../workspace/fileTree.js';
import { formatCount } from '../workspace/format.js';
import { languageFromPath } from '../workspace/languages.js';

const MAX_LANGUAGES = 10;
const MAX_TOP_LEVEL = 25;

/** By listing: a tree that keeps its listing between runs (the extension's) summarizes it once. */
const summaries = new WeakMap<readonly string[], { roots: string; text: string }>();

export async function summarizeWorkspace(tree: FileTree): Promise<string> {
  const files = await tree.files();
  const roots = tree.roots.join('\0');
  const known = summaries.get(files);
  if (known?.roots === roots) return known.text;
  const text = summarize(tree, files);
  summaries.set(files, { roots, text });
  return text;
}

function summarize(tree: FileTree, files: readonly string[]): string {
  const languages = new Map<string, number>();
  const topLevel = new Map<string, number>();
  let lastTop = '';
  let lastCount = 0;
  for (const path of files) {
    const language = languageFromPath(path) ?? 'other';
    languages.set(language, (languages.get(language) ?? 0) + 1);
    // The listing is sorted, so one top-level entry's files are consecutive (and a folder's name
    // is kept only when it changes: a slice per file cost more than the counting).
    if (lastTop.endsWith('/') && path.startsWith(lastTop)) {
      lastCount++;
      continue;
    }
    const slash = path.indexOf('/');
    const name = slash < 0 ? path : path.slice(0, slash + 1);
    if (name !== lastTop) {
      if (lastTop) topLevel.set(lastTop, (topLevel.get(lastTop) ?? 0) + lastCount);
      lastTop = name;
      lastCount = 0;
    }
    lastCount++;
  }
  if (lastTop) topLevel.set(lastTop, (topLevel.get(lastTop) ?? 0) + lastCount);

  const lines = [`Workspace: ${tree.roots.join(', ')} — ${count(files.length, 'file')}`];
  const byFiles = [...languages].sort((a, b) => b[1] - a[1]);
  lines.push(
    `Languages: ${byFiles
      .slice(0, MAX_LANGUAGES)
      .map(([name, n]) => `${name} ${n}`)
      .join(', ')}${more(byFiles.length - MAX_LANGUAGES, 'other language')}`,
  );
  lines.push('Top level:');
  const isDir = (name: string) => name.endsWith('/');
  const entries = [...topLevel].sort((a, b) => Number(isDir(b[0])) - Number(isDir(a[0])) || b[1] - a[1]);
  for (const [name, n] of entries.slice(0, MAX_TOP_LEVEL)) lines.push(isDir(name) ? `  ${name}  (${count(n, 'file')})` : `  ${name}`);
  if (entries.length > MAX_TOP_LEVEL) lines.push(`  …${more(entries.length - MAX_TOP_LEVEL, 'more entry', 'more entries')} (see ls())`);
  return lines.join('\n');
}

function count(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

function more(n: number, noun: string, plural = `${noun}s`): string {
  return n > 0 ? ` and ${n} ${n === 1 ? noun : plural}` : '';
}
