// Files that are credentials by content stay out of the listing: each candidate's head is read
// as ripgrep lists it, and decides. A real folder on disk, real rg.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listRoot, type ListingObserver } from '../../src/workspace/listing.js';
import { ripgrepPath } from '../../src/workspace/ripgrep.js';
import { CredentialScan, isCredentialCandidate } from '../../src/workspace/secretContent.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';

const KEY_BODY =
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK';
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${KEY_BODY}\n-----END RSA PRIVATE KEY-----\n`;
const SERVICE_ACCOUNT = JSON.stringify({ type: 'service_account', client_email: 'ci@p.iam.gserviceaccount.com', private_key: PEM });

let root: string;
const write = (path: string, content: string | Buffer) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), content);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'rlm-credential-scan-'));
  write('src/app.py', 'print("hi")\n');
  write('data/config.json', '{"name": "app", "kind": "service"}\n');
  write('deploy/gcp.json', SERVICE_ACCOUNT);
  write('keys/deploy', PEM); // no extension
  write('notes/key.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PEM)])); // a UTF-16 BOM before ASCII
  write('blob/id', Buffer.concat([Buffer.from([0, 1, 2, 10]), Buffer.from(PEM)])); // binary bytes before the key
  write('ops/kubeconfig', 'apiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: ci\n  user:\n    token: abcdefghijklmnop\n');
  write('docs/late.txt', `${'x'.repeat(2000)}\n${PEM}`); // the key is past the head: an ordinary file
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('credential files in the listing', () => {
  it('hides files whose content is a credential, whatever their encoding or bytes after the key', async () => {
    const files = await new WorkspaceTree({ roots: [{ path: root }] }).files();
    expect(files).toEqual(['data/config.json', 'docs/late.txt', 'src/app.py']);
    expect(await new WorkspaceTree({ roots: [{ path: root }], allowSecrets: true }).files()).toHaveLength(8);
  });

  it('judges each path offered by its head, with no listing around it', () => {
    const scan = new CredentialScan(root);
    for (const path of [
      'src/app.py',
      'data/config.json',
      'deploy/gcp.json',
      'keys/deploy',
      'notes/key.txt',
      'blob/id',
      'ops/kubeconfig',
      'docs/late.txt',
    ])
      scan.offer(path);
    expect([...scan.finish()].sort()).toEqual(['blob/id', 'deploy/gcp.json', 'keys/deploy', 'notes/key.txt', 'ops/kubeconfig']);
  });

  it('checks data and key formats and names without an extension, nothing else', () => {
    for (const path of ['keys/deploy', 'a.JSON', 'x/a.b.yml', 'ops/prod.tfvars', 'c.Credentials', 'x/..json'])
      expect(isCredentialCandidate(path), path).toBe(true);
    for (const path of ['src/app.py', 'x/.json', '.env', 'a.', 'a.jsonx', 'dir.json/app.py', 'a/b/'])
      expect(isCredentialCandidate(path), path).toBe(false);
  });

  it('reads past a head of multi-byte text: 1,024 bytes decode to fewer characters', () => {
    // A kubeconfig whose comments hold non-ASCII text, and whose token comes after the first KB.
    const comment = '# Zugangsdaten für die Produktionsumgebung — nicht einchecken\n'.repeat(20);
    write('ops/prod.yaml', `apiVersion: v1\nkind: Config\n${comment}users:\n- name: ci\n  user:\n    token: abcdefghijklmnop\n`);
    const scan = new CredentialScan(root);
    scan.offer('ops/prod.yaml');
    expect([...scan.finish()]).toEqual(['ops/prod.yaml']);
  });
});

describe('the scan beside the listing', () => {
  it('reads the heads itself as rg lists: the listing runs one ripgrep, the walk', async () => {
    const log = join(root, '..', `${root.split('/').pop()}.rg.log`);
    const rgPath = join(root, '..', `${root.split('/').pop()}.rg`);
    writeFileSync(rgPath, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${ripgrepPath()}' "$@"\n`);
    chmodSync(rgPath, 0o755);
    try {
      expect(await new WorkspaceTree({ roots: [{ path: root }], rgPath }).files()).toEqual([
        'data/config.json',
        'docs/late.txt',
        'src/app.py',
      ]);
      const runs = readFileSync(log, 'utf8').trim().split('\n');
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatch(/^--files /);
    } finally {
      rmSync(log, { force: true });
      rmSync(rgPath, { force: true });
    }
  });

  it('is offered each path as ripgrep lists it, before the sorted listing is handed out', async () => {
    const offered: string[] = [];
    const observer: ListingObserver = { offer: (path) => offered.push(path) };
    const files = await listRoot(root, { allowSecrets: false, exclude: [] }, undefined, observer);
    expect(offered.sort()).toEqual(files); // rg's paths as they are: no "./" in front
    expect(files[0]).toBe('blob/id');
  });
});
