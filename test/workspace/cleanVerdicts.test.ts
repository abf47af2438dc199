// The credential scan's clean verdicts kept between processes: a new tree over unchanged files
// reads none of them again, and a file rewritten since is judged again. Real folders, real rg;
// the files the scan opens are logged; the clock is faked so test files look settled.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CleanVerdicts, verdictsFile } from '../../src/workspace/cleanVerdicts.js';
import { CLEAN_VERDICT_RULES, CredentialScan } from '../../src/workspace/secretContent.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';

const PEM =
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----\n';
const SERVICE_ACCOUNT = JSON.stringify({ type: 'service_account', client_email: 'ci@p.iam.gserviceaccount.com', private_key: PEM });

/** Every file opened with openSync (the scan reads a head so) and every lstat, in order. */
const { opened, lstated } = vi.hoisted(() => ({ opened: [] as string[], lstated: [] as string[] }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const openSync: typeof fs.openSync = (path, ...rest) => {
    opened.push(String(path));
    return fs.openSync(path, ...rest);
  };
  const lstatSync = ((path: string, options?: object) => {
    lstated.push(String(path));
    return fs.lstatSync(path, options);
  }) as typeof fs.lstatSync;
  return { ...fs, default: { ...fs, openSync, lstatSync }, openSync, lstatSync };
});

let dir: string;
let root: string;
let cacheDir: string;
const write = (path: string, content: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), content);
};
const tree = () => new WorkspaceTree({ roots: [{ path: root }], listingCacheDir: cacheDir });
/** Lists with a new tree (as a new process would) and waits for the first run's verdicts to be written. */
const list = async (saves = true) => {
  const files = await tree().files();
  if (saves) await vi.waitFor(() => expect(existsSync(verdictsFile(cacheDir, root))).toBe(true), { interval: 20 });
  return files;
};
/** The workspace files whose content was opened since the last call (root-relative). */
const searched = () => {
  const paths = opened.splice(0).filter((path) => path.startsWith(`${root}/`));
  return paths.map((path) => path.slice(root.length + 1));
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rlm-clean-verdicts-'));
  root = join(dir, 'repo');
  cacheDir = join(dir, 'cache');
  opened.length = 0;
  lstated.length = 0;
  write('src/app.py', 'print("hi")\n');
  write('data/config.json', 'x'.repeat(SERVICE_ACCOUNT.length));
  write('notes/todo.txt', 'kind: reminder\n');
  write('deploy/gcp.json', SERVICE_ACCOUNT);
  // Files written just now are not settled; the clock moves past that so their verdicts are kept.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 10_000);
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

describe('clean verdicts kept between processes', () => {
  it('reads no unchanged candidate again; a credential is searched every time', async () => {
    expect(await list()).toEqual(['data/config.json', 'notes/todo.txt', 'src/app.py']);
    expect(searched().sort()).toEqual(['data/config.json', 'deploy/gcp.json', 'notes/todo.txt']);
    expect(await list()).toEqual(['data/config.json', 'notes/todo.txt', 'src/app.py']);
    expect(searched()).toEqual(['deploy/gcp.json']);
  });

  it('judges a file rewritten after its verdict again: a credential of the same size and mtime stays hidden', async () => {
    const path = join(root, 'data/config.json');
    const mtime = 1_700_000_000; // whole seconds, so setting it again gives the very same mtime
    utimesSync(path, mtime, mtime);
    await list();
    const before = statSync(path);
    write('data/config.json', SERVICE_ACCOUNT);
    utimesSync(path, mtime, mtime);
    expect([statSync(path).size, statSync(path).mtimeMs, statSync(path).ino]).toEqual([before.size, before.mtimeMs, before.ino]);
    expect(await list()).toEqual(['notes/todo.txt', 'src/app.py']);
  });

  it('keeps no verdict of a file changed within 2 s before it was read (it may change again unseen)', async () => {
    vi.setSystemTime(Date.now() - 10_000 + 1_000);
    await list(false);
    await new Promise((resolve) => setTimeout(resolve, 300)); // past the time verdicts are kept
    expect(existsSync(verdictsFile(cacheDir, root))).toBe(false);
    searched();
    await list(false);
    expect(searched().sort()).toEqual(['data/config.json', 'deploy/gcp.json', 'notes/todo.txt']);
  });

  it('ignores verdicts judged by other rules or a damaged file', async () => {
    await list();
    const file = verdictsFile(cacheDir, root);
    const absPath = join(root, 'data/config.json');
    expect(new CleanVerdicts(file, CLEAN_VERDICT_RULES).isClean('data/config.json', absPath)).toBe(true);
    expect(new CleanVerdicts(file, 'older rules').isClean('data/config.json', absPath)).toBe(false);
    writeFileSync(file, '{"rules": ');
    expect(new CleanVerdicts(file, CLEAN_VERDICT_RULES).isClean('data/config.json', absPath)).toBe(false);
    expect(await list()).toEqual(['data/config.json', 'notes/todo.txt', 'src/app.py']);
  });

  it('stamps each verdict from the descriptor its head was read through: a first run stats no file again', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `data/d${i}.json`);
    for (const name of names) write(name, '{}');
    const verdicts = new CleanVerdicts(verdictsFile(cacheDir, root), CLEAN_VERDICT_RULES);
    const scan = new CredentialScan(root, verdicts);
    for (const name of names) scan.offer(name);
    expect(scan.finish().size).toBe(0);
    await vi.waitFor(() => expect(existsSync(verdictsFile(cacheDir, root))).toBe(true), { interval: 20 });
    expect(lstated.filter((path) => path.startsWith(`${root}/`))).toEqual([]);
    searched();
    await tree().files();
    expect(searched().filter((path) => path.startsWith('data/d'))).toEqual([]); // every verdict was kept
  });
});
