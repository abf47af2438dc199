// Decides whether a model-supplied path may be read, and says why not in words the model can act on.
import { realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { ToolError } from './fileTree.js';
import { parseWorkspacePath } from './paths.js';
import { isSecretPath, mayMakeSecret } from './secrets.js';
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
 * ToolError for directories. Synchronous, for hot loops (sizes of every file).
 */
export function findListed(input: unknown, context: AccessContext): ReadableFile | undefined {
  const parsed = parseWorkspacePath(input, context.roots);
  const shown = JSON.stringify(parsed.workspacePath);
  if (!context.allowSecrets && isSecretPath(parsed.workspacePath)) return undefined;
  const kind = context.visible.kindOf(parsed.workspacePath);
  if (kind === 'dir' || parsed.rootIndex === undefined) {
    throw new ToolError(`${shown} is a directory; use ls(${shown}) to see what is in it.`);
  }
  if (kind !== 'file' || parsed.relative === '') return undefined;
  const absPath = join(context.rootPaths[parsed.rootIndex], ...parsed.relative.split('/'));
  return { workspacePath: parsed.workspacePath, rootIndex: parsed.rootIndex, absPath };
}

/**
 * findListed for metadata only (fingerprint, sizes: nothing is read), in one Set lookup for a
 * path exactly as listed: the listing applied the secret rules to every path in it, relative to
 * its root. Anything else, or a root whose name takes part in a secret rule, takes findListed's checks.
 */
export function findListedForMetadata(path: unknown, context: AccessContext): ReadableFile | undefined {
  if (typeof path !== 'string' || context.visible.kindOf(path) !== 'file') return findListed(path, context);
  const slash = context.roots.length > 1 ? path.indexOf('/') : -1;
  const rootIndex = slash < 0 ? 0 : context.roots.indexOf(path.slice(0, slash));
  if (rootIndex < 0) return findListed(path, context);
  if (slash >= 0 && !context.allowSecrets && mayMakeSecret(context.roots[rootIndex])) return findListed(path, context);
  const relative = path.slice(slash + 1);
  return { workspacePath: path, rootIndex, absPath: underRoot(context.rootPaths[rootIndex], relative) };
}

/**
 * join(root, relative) for a relative path exactly as listed (no `.`, `..` or empty segments):
 * on POSIX a plain concatenation, without join's normalizing (grep asks for thousands of files).
 */
function underRoot(rootPath: string, relative: string): string {
  return sep === '/' && !rootPath.endsWith('/') ? `${rootPath}/${relative}` : join(rootPath, relative);
}

/** Resolves a path to a file of the visible listing, or throws a ToolError saying what to do instead. */
export async function resolveListed(input: unknown, context: AccessContext): Promise<ReadableFile> {
  const file = findListed(input, context);
  if (file) return file;
  throw new ToolError(missingMessage(parseWorkspacePath(input, context.roots).workspacePath, context));
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
 * One message for every path outside the visible listing — missing, ignored, under .git, secret
 * or a symbolic link — so model code cannot probe which hidden files exist. Its hints come from
 * the path itself and the visible listing only, never from the disk.
 */
export function missingMessage(workspacePath: string, context: Pick<AccessContext, 'roots' | 'visible'>): string {
  const shown = JSON.stringify(workspacePath);
  const segments = workspacePath.split('/');
  if (context.roots.length === 1 && segments.length > 1 && segments[0] === context.roots[0]) {
    return `No such file: ${shown}. Paths carry no folder-name prefix here; try ${JSON.stringify(segments.slice(1).join('/'))}.`;
  }
  const name = `/${segments[segments.length - 1]}`;
  const similar = context.visible.files.filter((path) => path.endsWith(name) || path === name.slice(1)).slice(0, 3);
  const hint = similar.length ? `; files of that name: ${similar.map((path) => JSON.stringify(path)).join(', ')}` : '';
  return `No such file: ${shown} (use glob/ls to find paths${hint}).`;
}
