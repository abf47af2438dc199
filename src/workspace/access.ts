// Decides whether a model-supplied path may be read, and says why not in words the model can act on.
import { lstat, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { ToolError } from './fileTree.js';
import { parseWorkspacePath } from './paths.js';
import { isSecretPath } from './secrets.js';
import type { VisibleFiles } from './visibleFiles.js';

export interface AccessContext {
  roots: readonly string[];
  rootPaths: readonly string[];
  allowSecrets: boolean;
  visible: VisibleFiles;
  rootRealPath(rootIndex: number): Promise<string>;
}

export interface ReadableFile {
  workspacePath: string;
  rootIndex: number;
  absPath: string;
}

/**
 * The file a path names when it is in the visible listing, undefined when it is not; throws a
 * ToolError for secrets and directories. Synchronous, for hot loops (sizes of every file).
 */
export function findListed(input: unknown, context: AccessContext): ReadableFile | undefined {
  const parsed = parseWorkspacePath(input, context.roots);
  const shown = JSON.stringify(parsed.workspacePath);
  if (!context.allowSecrets && isSecretPath(parsed.workspacePath)) {
    throw new ToolError(`${shown} is a secret file and hidden from the model.`);
  }
  const kind = context.visible.kindOf(parsed.workspacePath);
  if (kind === 'dir' || parsed.rootIndex === undefined) {
    throw new ToolError(`${shown} is a directory; use ls(${shown}) to see what is in it.`);
  }
  if (kind !== 'file' || parsed.relative === '') return undefined;
  const absPath = join(context.rootPaths[parsed.rootIndex], ...parsed.relative.split('/'));
  return { workspacePath: parsed.workspacePath, rootIndex: parsed.rootIndex, absPath };
}

/** Resolves a path to a file of the visible listing, or throws a ToolError saying what to do instead. */
export async function resolveListed(input: unknown, context: AccessContext): Promise<ReadableFile> {
  const file = findListed(input, context);
  if (file) return file;
  const parsed = parseWorkspacePath(input, context.roots);
  const rootPath = context.rootPaths[parsed.rootIndex ?? 0];
  throw new ToolError(await explainMissing(rootPath, parsed.relative, parsed.workspacePath, context.roots));
}

/** Like resolveListed, and also checks on disk that the file still resolves inside its root. */
export async function resolveReadable(input: unknown, context: AccessContext): Promise<ReadableFile> {
  const file = await resolveListed(input, context);
  const shown = JSON.stringify(file.workspacePath);
  // Defence in depth: the listing never holds links, but the disk may have changed since.
  const [real, realRoot] = await Promise.all([realpath(file.absPath).catch(() => undefined), context.rootRealPath(file.rootIndex)]);
  if (real === undefined) throw new ToolError(`No such file: ${shown} (it may have been deleted; use glob/ls to find paths).`);
  if (!real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) {
    throw new ToolError(`${shown} leads outside the workspace (through a symbolic link) and cannot be read.`);
  }
  return file;
}

/**
 * Why a path is not in the listing. Walks it from the root with lstat and stops at the first
 * symbolic link, so nothing beyond a link (possibly outside the workspace) is probed.
 */
async function explainMissing(rootPath: string, relative: string, workspacePath: string, roots: readonly string[]): Promise<string> {
  const shown = JSON.stringify(workspacePath);
  const segments = relative.split('/');
  let current = rootPath;
  for (let i = 0; i < segments.length; i++) {
    current = join(current, segments[i]);
    const info = await lstat(current).catch(() => undefined);
    if (!info) break;
    if (info.isSymbolicLink()) {
      return `${shown} is, or goes through, a symbolic link; links are not followed, so it is not part of the workspace.`;
    }
    if (i === segments.length - 1) {
      return info.isDirectory()
        ? `${shown} is an empty or ignored directory; use ls() to see the visible files.`
        : `${shown} is excluded from the workspace (ignored by .gitignore or an exclude setting), so it cannot be read.`;
    }
  }
  if (roots.length === 1 && segments.length > 1 && segments[0] === roots[0]) {
    return `No such file: ${shown}. Paths carry no folder-name prefix here; try ${JSON.stringify(segments.slice(1).join('/'))}.`;
  }
  return `No such file: ${shown} (use glob/ls to find paths).`;
}
