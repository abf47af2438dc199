// The real extension's VSIX for the end-to-end tests: `npm run package` when dist/ask-rlm.vsix is
// missing or older than what goes into it. No vitest imports: the e2e global setup uses it too.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../..');

export const VSIX = join(repoRoot, 'dist/ask-rlm.vsix');

/** Newest modification time under `path` (a file or a folder, walked). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

/** dist/ask-rlm.vsix, packaged first when it is missing or older than src/, media/ or package.json (E2E_NO_PACKAGE=1 skips the check). */
export function ensureVsix(): string {
  const sources = Math.max(...['src', 'media', 'package.json', 'esbuild.mjs', '.vscodeignore'].map((p) => newest(join(repoRoot, p))));
  if (process.env.E2E_NO_PACKAGE !== '1' && (!existsSync(VSIX) || statSync(VSIX).mtimeMs < sources)) {
    execFileSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: 'pipe', timeout: 180_000 });
  }
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: npm run package failed`);
  return VSIX;
}
