// Files loaded at run time that ship beside the bundles in dist/ (worker scripts, the quickjs
// wasm; esbuild.mjs writes them). In a bundle this module's folder is dist/ itself; run from
// sources (tests, tsx) it is src/, and the built files are in ../dist.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function bundledFile(name: string): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const candidates = [join(here, name), join(here, '..', 'dist', name), join(process.cwd(), 'dist', name)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`${name} is missing (looked in ${candidates.join(', ')}); run \`npm run build\`.`);
  return found;
}
