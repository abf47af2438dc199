// Normalises and validates model-supplied paths; every refusal is a hint for the model's next try.
import { ToolError } from './fileTree.js';

export interface ParsedPath {
  /** Index of the root the path lives in; undefined for the multi-root top level (""). */
  rootIndex: number | undefined;
  /** Path inside that root, POSIX, no leading/trailing slash; "" for the root itself. */
  relative: string;
  /** Canonical workspace path (root-name prefix with several roots). */
  workspacePath: string;
}

const EXAMPLE = 'Paths are relative to the workspace root, like "src/index.ts"';

/** Accepts `a/b`, `./a/b`, `a//b/`; refuses absolute paths, `..`, backslashes, NUL bytes and unknown roots. */
export function parseWorkspacePath(input: unknown, roots: readonly string[]): ParsedPath {
  if (typeof input !== 'string') {
    throw new ToolError(`${EXAMPLE}; got ${input === null ? 'null' : typeof input} instead of a string.`);
  }
  const shown = JSON.stringify(input);
  if (input.includes('\0')) throw new ToolError(`${EXAMPLE}; ${shown} contains a NUL byte.`);
  if (isAbsolute(input)) throw new ToolError(`${EXAMPLE}; ${shown} is absolute.`);
  if (input.includes('\\')) {
    throw new ToolError(`Use forward slashes in paths: ${JSON.stringify(input.replace(/\\/g, '/'))} instead of ${shown}.`);
  }
  const segments = input.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    throw new ToolError(`${EXAMPLE}; ${shown} uses "..", which is not allowed (nothing outside the workspace can be read).`);
  }
  if (roots.length <= 1) {
    const relative = segments.join('/');
    return { rootIndex: 0, relative, workspacePath: relative };
  }
  if (segments.length === 0) return { rootIndex: undefined, relative: '', workspacePath: '' };
  const rootIndex = roots.indexOf(segments[0]);
  if (rootIndex < 0) {
    const names = roots.map((name) => JSON.stringify(name)).join(', ');
    throw new ToolError(
      `${shown} does not start with a workspace folder name. This workspace has several folders, so paths start with one of: ${names} (e.g. ${JSON.stringify(`${roots[0]}/src/index.ts`)}).`,
    );
  }
  const relative = segments.slice(1).join('/');
  return { rootIndex, relative, workspacePath: segments.join('/') };
}

/** Joins a root name and a root-relative path into a workspace path. */
export function toWorkspacePath(roots: readonly string[], rootIndex: number, relative: string): string {
  if (roots.length <= 1) return relative;
  return relative ? `${roots[rootIndex]}/${relative}` : roots[rootIndex];
}

function isAbsolute(path: string): boolean {
  return (
    path.startsWith('/') ||
    path.startsWith('\\') ||
    path.startsWith('~') ||
    /^[A-Za-z]:/.test(path) ||
    /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path)
  );
}
