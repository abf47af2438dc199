// The CLI tests run the real bundles, so they are built once before any test file starts, unless
// dist/ already holds a development build newer than everything that goes into it: scripts/setup.sh
// builds one, and `npm test` runs the unit and the adversarial stage one after the other.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { newestChange } from './support/newestChange';

const root = resolve(__dirname, '..');
const INPUTS = ['src', 'esbuild.mjs', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json'];

export default function setup(): void {
  if (!freshDevelopmentBuild()) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
}

function freshDevelopmentBuild(): boolean {
  const stamp = join(root, 'dist/build.json');
  if (!existsSync(stamp)) return false;
  const { production } = JSON.parse(readFileSync(stamp, 'utf8')) as { production?: boolean };
  return production === false && statSync(stamp).mtimeMs >= Math.max(...INPUTS.map((path) => newestChange(join(root, path))));
}
