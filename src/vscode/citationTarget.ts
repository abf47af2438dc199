// Where a cited `path:line` of a run lives on disk: in the folders that run mounted (an old
// entry's citations never resolve against whatever is open now), and only while those folders are
// part of this window's workspace. No vscode import.
import { resolveWorkspacePath, folderInRoot, type MountedRoot } from './workspacePaths.js';

export type CitationTarget = { file: string } | { problem: string };

/**
 * `runRoots`: the folders the run mounted (undefined for a run still going, which uses the
 * workspace's). `workspaceFolders`: the folders open in this window.
 */
export function citationTarget(
  path: string,
  runRoots: readonly MountedRoot[] | undefined,
  workspaceFolders: readonly MountedRoot[],
  exists: (file: string) => boolean,
): CitationTarget {
  const roots = runRoots ?? workspaceFolders;
  const outside = roots.filter((root) => !workspaceFolders.some((f) => folderInRoot(root.path, f.path) !== undefined));
  if (outside.length > 0)
    return {
      problem: `cannot open ${path}: the run asked about ${outside.map((r) => r.path).join(', ')}, which is not open in this window.`,
    };
  const file = resolveWorkspacePath(path, roots);
  if (!file)
    return { problem: `cannot open ${path}: it names none of the folders the run asked about (${roots.map((r) => r.name).join(', ')}).` };
  if (!exists(file))
    return { problem: `cannot find ${path} in ${roots.map((r) => r.name).join(', ')}: it may have moved or been deleted since the run.` };
  return { file };
}
