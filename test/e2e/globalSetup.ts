// Once per e2e run, before any file: the VSIX packaged when stale (not inside the first file's
// time), and the run's folder of installed VSIX copies (extensionCache.ts), removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureVsix } from './packaged';

/** vitest's TestProject, as far as used here (its type is ESM-only, this file CommonJS). */
interface Project {
  provide(key: 'extensionCache', value: string): void;
}

export default function setup(project: Project): () => void {
  ensureVsix();
  const cache = mkdtempSync(join(tmpdir(), 'rlm-e2e-extensions-'));
  project.provide('extensionCache', cache);
  return () => rmSync(cache, { recursive: true, force: true });
}
