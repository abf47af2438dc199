// Folder structure derived from the flat list of visible files: the `ls` entries and the
// indented `tree` view with file counts and sizes. Output stays bounded on huge trees.
import { formatBytes } from '../../workspace/format.js';

interface DirNode {
  files: number;
  bytes: number;
  dirs: Map<string, DirNode>;
  /** Direct files: name → size. */
  own: Map<string, number>;
}

export interface DirEntry {
  path: string;
  type: 'file' | 'dir';
  size: number;
}

const MAX_ENTRIES_PER_DIR = 50;
const MAX_LINES = 400;

/** Builds the folder tree of the files under `dir` ("" = everything). Undefined if `dir` holds no file. */
export function buildDirTree(dir: string, files: readonly string[], sizes: readonly number[]): DirNode | undefined {
  const prefix = dir ? `${dir}/` : '';
  const root = emptyNode();
  let any = false;
  files.forEach((path, i) => {
    if (!path.startsWith(prefix)) return;
    any = true;
    const size = sizes[i] ?? 0;
    const parts = path.slice(prefix.length).split('/');
    let node = root;
    node.files++;
    node.bytes += size;
    for (const part of parts.slice(0, -1)) {
      let child = node.dirs.get(part);
      if (!child) node.dirs.set(part, (child = emptyNode()));
      child.files++;
      child.bytes += size;
      node = child;
    }
    node.own.set(parts[parts.length - 1]!, size);
  });
  return any ? root : undefined;
}

export function listEntries(dir: string, node: DirNode): DirEntry[] {
  const prefix = dir ? `${dir}/` : '';
  return [
    ...[...node.dirs].map(([name, child]) => ({ path: prefix + name, type: 'dir' as const, size: child.bytes })),
    ...[...node.own].map(([name, size]) => ({ path: prefix + name, type: 'file' as const, size })),
  ];
}

export function renderTree(dir: string, node: DirNode, depth: number): string {
  const lines = [`${dir || '.'}/  (${summary(node)})`];
  const walk = (current: DirNode, level: number, indent: string): void => {
    const entries: Array<[string, string]> = [
      ...[...current.dirs].map(([name, child]): [string, string] => [`${name}/`, summary(child)]),
      ...[...current.own].map(([name, size]): [string, string] => [name, formatBytes(size)]),
    ];
    const shown = entries.slice(0, MAX_ENTRIES_PER_DIR);
    for (const [label, info] of shown) {
      if (lines.length >= MAX_LINES) return;
      lines.push(`${indent}${label}  (${info})`);
      const child = label.endsWith('/') ? current.dirs.get(label.slice(0, -1)) : undefined;
      if (child && level < depth) walk(child, level + 1, `${indent}  `);
    }
    if (entries.length > shown.length && lines.length < MAX_LINES) {
      lines.push(`${indent}… ${entries.length - shown.length} more entries (use ls() or glob() to see them)`);
    }
  };
  walk(node, 1, '  ');
  if (lines.length >= MAX_LINES) lines.push(`… tree cut at ${MAX_LINES} lines; call tree("some/dir") or pass {depth: 1}`);
  return lines.join('\n');
}

function summary(node: DirNode): string {
  return `${node.files} file${node.files === 1 ? '' : 's'}, ${formatBytes(node.bytes)}`;
}

function emptyNode(): DirNode {
  return { files: 0, bytes: 0, dirs: new Map(), own: new Map() };
}
