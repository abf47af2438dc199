// The short description of the workspace that opens every root prompt: totals, languages and
// the top level. Its size is bounded: a 10,000-file tree reads about as long as a 100-file one.
import type { FileTree } from '../workspace/fileTree.js';
import { formatBytes } from '../workspace/format.js';
import { languageFromPath } from '../workspace/languages.js';

const MAX_LANGUAGES = 10;
const MAX_TOP_LEVEL = 25;

interface Tally {
  files: number;
  bytes: number;
}

export async function summarizeWorkspace(tree: FileTree): Promise<string> {
  const files = await tree.files();
  const sizes = await tree.sizes(files);
  const total = sizes.reduce((a, b) => a + b, 0);
  const languages = new Map<string, Tally>();
  const topLevel = new Map<string, Tally & { dir: boolean }>();
  files.forEach((path, i) => {
    add(languages, languageFromPath(path) ?? 'other', sizes[i]);
    const slash = path.indexOf('/');
    const name = slash < 0 ? path : `${path.slice(0, slash)}/`;
    const entry = topLevel.get(name) ?? { files: 0, bytes: 0, dir: slash >= 0 };
    entry.files++;
    entry.bytes += sizes[i];
    topLevel.set(name, entry);
  });

  const lines = [`Workspace: ${tree.roots.join(', ')} — ${count(files.length, 'file')}, ${formatBytes(total)}`];
  const byFiles = [...languages].sort((a, b) => b[1].files - a[1].files);
  lines.push(`Languages: ${byFiles.slice(0, MAX_LANGUAGES).map(([name, t]) => `${name} ${t.files} (${formatBytes(t.bytes)})`).join(', ')}${more(byFiles.length - MAX_LANGUAGES, 'other language')}`);
  lines.push('Top level:');
  const entries = [...topLevel].sort((a, b) => Number(b[1].dir) - Number(a[1].dir) || b[1].files - a[1].files);
  for (const [name, t] of entries.slice(0, MAX_TOP_LEVEL)) {
    lines.push(t.dir ? `  ${name}  (${count(t.files, 'file')}, ${formatBytes(t.bytes)})` : `  ${name}  (${formatBytes(t.bytes)})`);
  }
  if (entries.length > MAX_TOP_LEVEL) lines.push(`  …${more(entries.length - MAX_TOP_LEVEL, 'more entry', 'more entries')} (see ls())`);
  return lines.join('\n');
}

function add(map: Map<string, Tally>, key: string, bytes: number): void {
  const tally = map.get(key) ?? { files: 0, bytes: 0 };
  tally.files++;
  tally.bytes += bytes;
  map.set(key, tally);
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

function more(n: number, noun: string, plural = `${noun}s`): string {
  return n > 0 ? ` and ${n} ${n === 1 ? noun : plural}` : '';
}
