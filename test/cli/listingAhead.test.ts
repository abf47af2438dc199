// `rlm ask` lists the workspace before the engine loads: the host must take that very tree
// (its listing already under way) when the rules are the same, and a tree of its own otherwise.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ListingAhead, cliRoots } from '../../src/cli/listingAhead.js';
import { cliWorkspace, type SessionOptions } from '../../src/cli/session.js';
import { openWorkspace } from '../../src/host/workspace.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'rlm-listing-ahead-'));
  writeFileSync(join(root, 'a.py'), 'a = 1\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

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

  it('says which folder is missing, as a usage error', () => {
    expect(() => cliRoots([join(root, 'nope')])).toThrow(/workspace folder not found: .*nope \(pass an existing folder/);
  });
});
