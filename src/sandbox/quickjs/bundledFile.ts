// Files the quickjs engine loads at run time live beside the bundles in dist/ (the worker script
// and the wasm, copied there by esbuild.mjs); run from sources (tests, tsx) they are in dist/ too.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function bundledFile(name: string): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const candidates = [join(here, name), join(here, '..', '..', '..', 'dist', name), join(process.cwd(), 'dist', name)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`${name} is missing (looked in ${candidates.join(', ')}); run \`npm run build\`.`);
  return found;
}
