// `rlm ask` lists the workspace before the engine loads: the host must take that very tree
// (its listing already under way) when the rules are the same, and a tree of its own otherwise.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { askListing } from '../../src/cli/earlyStart.js';
import { startEarlyWalks } from '../../src/cli/earlyWalk.js';
import { ListingAhead, cliRoots } from '../../src/cli/listingAhead.js';
import { cliWorkspace, type SessionOptions } from '../../src/cli/session.js';
import { openWorkspace } from '../../src/host/workspace.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'rlm-listing-ahead-'));
  writeFileSync(join(root, 'a.py'), 'a = 1\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));
const savedTmp = process.env.TMPDIR;
const restoreTmp = () => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
};

const ahead = (session: SessionOptions) =>
  new ListingAhead({
    roots: cliRoots(session.workspaces),
    allowSecrets: session.allowSecrets,
    redactSecrets: session.redactSecrets,
    include: session.include,
    exclude: session.exclude,
  });

describe('ListingAhead', () => {
  it('hands the host the tree it started listing, for the same folders and rules', async () => {
    const session: SessionOptions = { workspaces: [root], allowSecrets: false, redactSecrets: true };
    const listing = ahead(session);
    const workspace = openWorkspace(cliWorkspace(session, listing).options);
    try {
      expect(workspace.tree).toBe(listing.tree({ roots: cliRoots([root]) }));
      expect(await workspace.tree.files()).toEqual(['a.py']);
    } finally {
      listing.stop();
      await workspace.dispose();
    }
  });

  it('gives a new tree when the rules differ', async () => {
    const listing = ahead({ workspaces: [root], allowSecrets: false, redactSecrets: true });
    const other = openWorkspace(cliWorkspace({ workspaces: [root], exclude: ['*.md'] }, listing).options);
    try {
      expect(other.tree).not.toBe(listing.tree({ roots: cliRoots([root]) }));
    } finally {
      listing.stop();
      await other.dispose();
    }
  });

  it('takes over the walk the entry point started from the same command line: one rg, the same files, secrets hidden', async () => {
    writeFileSync(join(root, '.env'), 'KEY=1\n');
    writeFileSync(join(root, 'b.md'), '# b\n');
    const [early, ...more] = startEarlyWalks(askListing(['node', 'rlm', 'ask', '-w', root, '--exclude', '*.md', 'q'])!);
    expect(more).toEqual([]);
    const listing = ahead({ workspaces: [root], exclude: ['*.md'] });
    const workspace = openWorkspace(cliWorkspace({ workspaces: [root], exclude: ['*.md'] }, listing).options);
    try {
      expect(await workspace.tree.files()).toEqual(['a.py']);
      expect(early.taken).toBe(true);
    } finally {
      listing.stop();
      await workspace.dispose();
    }
  });

  it('stops an early walk the listing did not take (other rules) once the listing is counted', async () => {
    const spools = mkdtempSync(join(tmpdir(), 'rlm-early-spools-'));
    process.env.TMPDIR = spools; // where the walks' spools go
    try {
      const [early] = startEarlyWalks(askListing(['node', 'rlm', 'ask', '-w', root, '--include', '*.md', 'q'])!);
      expect(readdirSync(spools)).toHaveLength(1);
      const listing = ahead({ workspaces: [root] });
      const workspace = openWorkspace(cliWorkspace({ workspaces: [root] }, listing).options);
      try {
        expect(await workspace.tree.files()).toEqual(['a.py']);
        await new Promise((resolve) => setTimeout(resolve, 20)); // the drop follows the counts
        expect(early.taken).toBe(false);
        expect(readdirSync(spools)).toEqual([]); // its spool too
      } finally {
        listing.stop();
        await workspace.dispose();
      }
    } finally {
      restoreTmp();
      rmSync(spools, { recursive: true, force: true });
    }
  });

  it('says which folder is missing, as a usage error', () => {
    expect(() => cliRoots([join(root, 'nope')])).toThrow(/workspace folder not found: .*nope \(pass an existing folder/);
  });
});
