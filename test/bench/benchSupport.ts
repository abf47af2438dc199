// What the benchmarks share: the corpora, medians, and ripgrep as the peer.
import { execFileSync, spawn } from 'node:child_process';
import { visibilityArgs } from '../../src/workspace/listing.js';
import { closeSync, openSync, readSync } from 'node:fs';
import { ripgrepPath, runRipgrep } from '../../src/workspace/ripgrep.js';
import { HEAD_BYTES, isCredentialCandidate } from '../../src/workspace/secretContent.js';

/** The flags our listing and grep use, so both sides see the same files. */
export const RG_FILTER = ['--no-config', '--hidden', '--no-require-git', '--glob', '!.git'];

/** The grep rows of the benchmarks: label, pattern, and rg's extra flags for the same search. */
export const GREP_PATTERNS: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['many results', 'def [a-z_]+\\(', []],
  ['literal', 'def __init__', []],
  ['regex', 'class \\w+Error\\b', []],
  ['ignoreCase', 'import numpy', ['-i']],
  ['look-behind (PCRE2)', '(?<=def )test_\\w+', ['--engine', 'auto']],
  ['rare word', 'Recursive', []],
];

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Python's standard library (about 1,800 .py files without site-packages). */
export function stdlibPath(): string {
  return execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])']).toString().trim();
}

/** The largest Python library on the machine with its site-packages (~13k .py files here), else the stdlib. */
export function corpusWithSitePackages(): string {
  const pyenv = '/root/.pyenv/versions/3.11.7/lib/python3.11';
  try {
    execFileSync('test', ['-d', `${pyenv}/site-packages`]);
    return pyenv;
  } catch {
    return stdlibPath();
  }
}

/** Runs rg with our visibility flags in `cwd`; resolves to the number of output lines. */
export function rg(cwd: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(ripgrepPath(), [...RG_FILTER, ...args], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let lines = 0;
    child.stdout.on('data', (d: Buffer) => {
      for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) lines++;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 || code === 1 ? resolve(lines) : reject(new Error(`rg exited ${code}`))));
  });
}

export const rgFiles = (cwd: string): Promise<number> => rg(cwd, ['--files']);

/** rg's whole output as one string (the grep floor hands it to the sandbox as it is, no row built). */
export function rgOutput(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(ripgrepPath(), [...RG_FILTER, ...args], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 || code === 1 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`rg exited ${code}`)),
    );
  });
}

export async function timeProcess(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

/**
 * The least a first run's listing can cost here: `rg --files` with our visibility rules (the
 * secret globs included), then the head of each credential candidate it listed read in this
 * thread, one after the other, with nothing else. Milliseconds, and the candidates' count.
 */
export async function listingFloorMs(cwd: string): Promise<{ ms: number; candidates: number }> {
  const t0 = performance.now();
  const paths: string[] = [];
  await runRipgrep({
    args: ['--files', '--null', ...visibilityArgs({ allowSecrets: false, exclude: [] })],
    cwd,
    separator: '\0',
    onRecord: (path) => paths.push(path),
  });
  const candidates = paths.filter(isCredentialCandidate);
  const head = Buffer.alloc(HEAD_BYTES);
  for (const path of candidates) {
    const fd = openSync(`${cwd}/${path}`, 'r');
    readSync(fd, head, 0, HEAD_BYTES, 0);
    closeSync(fd);
  }
  return { ms: performance.now() - t0, candidates: candidates.length };
}
