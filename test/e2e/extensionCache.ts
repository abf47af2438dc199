// Installing a VSIX with `code-server --install-extension` starts code-server's CLI, ~2.7 s under
// load, and every session installs one to three. The first install of a VSIX (by binary and
// content) goes into a cache folder; later sessions copy what it wrote (~50 ms), with the
// paths in extensions.json pointed at their own extensions folder, which is what an install
// writes there too. The cache folder belongs to one vitest run (test/e2e/globalSetup.ts).
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';

interface ExtensionEntry {
  relativeLocation: string;
  location: Record<string, unknown>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder of installed VSIX copies for this run, from test/e2e/globalSetup.ts. */
    extensionCache: string;
  }
}

/**
 * Installs each VSIX into `extensionsDir` as `install(vsix, dir)` would, through the run's cache:
 * `install` runs once per VSIX into a cache entry, then its folders are copied.
 */
export async function installCached(
  bin: string,
  vsixes: string[],
  extensionsDir: string,
  install: (vsix: string, extensionsDir: string) => Promise<void>,
): Promise<void> {
  const cache = inject('extensionCache');
  for (const vsix of vsixes) {
    if (cache === undefined) {
      await install(vsix, extensionsDir);
      continue;
    }
    const entry = await cachedInstall(cache, bin, vsix, install);
    copyInstall(entry, extensionsDir);
  }
}

async function cachedInstall(
  cache: string,
  bin: string,
  vsix: string,
  install: (vsix: string, extensionsDir: string) => Promise<void>,
): Promise<string> {
  const path = resolve(vsix);
  // By content: the chat helper's VSIX is written afresh into each session's temp folder.
  const key = createHash('sha256').update(bin).update(readFileSync(path)).digest('hex').slice(0, 16);
  const entry = join(cache, key);
  if (existsSync(entry)) return entry;
  // Installed beside, then renamed: a half-written entry is never seen.
  const fresh = mkdtempSync(join(cache, 'installing-'));
  await install(path, fresh);
  try {
    renameSync(fresh, entry);
  } catch (error) {
    rmSync(fresh, { recursive: true, force: true });
    if (!existsSync(entry)) throw error;
  }
  return entry;
}

/** Copies one cached install into `extensionsDir`, adding its extensions.json entries with this folder's paths. */
function copyInstall(entry: string, extensionsDir: string): void {
  const added = JSON.parse(readFileSync(join(entry, 'extensions.json'), 'utf8')) as ExtensionEntry[];
  for (const name of readdirSync(entry).filter((n) => n !== 'extensions.json')) {
    cpSync(join(entry, name), join(extensionsDir, name), { recursive: true });
  }
  const listFile = join(extensionsDir, 'extensions.json');
  const list = existsSync(listFile) ? (JSON.parse(readFileSync(listFile, 'utf8')) as ExtensionEntry[]) : [];
  for (const extension of added) {
    const path = join(extensionsDir, extension.relativeLocation);
    list.push({ ...extension, location: { ...extension.location, fsPath: path, path, external: `file://${path}` } });
  }
  writeFileSync(listFile, JSON.stringify(list));
}
