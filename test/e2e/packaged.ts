// The real extension's VSIX for the end-to-end tests: `npm run package` when dist/ask-rlm.vsix is
// missing or older than what goes into it. No vitest imports: the e2e global setup uses it too.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { newestChange } from '../support/newestChange';

const repoRoot = resolve(__dirname, '../..');

export const VSIX = join(repoRoot, 'dist/ask-rlm.vsix');

/** dist/ask-rlm.vsix, packaged first when it is missing or older than src/, media/ or package.json (E2E_NO_PACKAGE=1 skips the check). */
export function ensureVsix(): string {
  const sources = Math.max(...['src', 'media', 'package.json', 'esbuild.mjs', '.vscodeignore'].map((p) => newestChange(join(repoRoot, p))));
  if (process.env.E2E_NO_PACKAGE !== '1' && (!existsSync(VSIX) || statSync(VSIX).mtimeMs < sources)) {
    execFileSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: 'pipe', timeout: 180_000 });
  }
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: npm run package failed`);
  return VSIX;
}
