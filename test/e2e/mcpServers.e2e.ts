// `rlm mcp` in VS Code's list of MCP servers, provided by the extension (no mcp.json). The
// provider API is stable from VS Code 1.101: on the current code-server (the second target,
// scripts/e2e/install-next.sh) the server is listed and starts; on the pinned 1.100 the
// extension detects the API is missing and says so in its log instead of failing.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { quickInput, runCommand, screenshot } from './browser';
import { codeServerBin } from './codeServer';
import { extensionLog, keepEvidenceOnFailure, startRlmSession, type RlmSession } from './rlmE2e';

/** The VS Code version inside this code-server ("4.139.1 <commit> with Code 1.139.1"). */
function vscodeVersion(): [number, number] {
  const out = execFileSync(codeServerBin(), ['--version'], { encoding: 'utf8' });
  const match = /with Code (\d+)\.(\d+)/.exec(out);
  if (!match) throw new Error(`cannot read the VS Code version from: ${out}`);
  return [Number(match[1]), Number(match[2])];
}

describe('rlm mcp in VS Code\'s MCP servers', () => {
  let session: RlmSession | undefined;
  const [major, minor] = vscodeVersion();
  const hasProviders = major > 1 || minor >= 101;

  beforeAll(async () => {
    session = await startRlmSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  test(hasProviders ? `VS Code ${major}.${minor} lists "Ask RLM" for the workspace and starts it` : `VS Code ${major}.${minor} has no provider API: the extension says so and runs on`, async () => {
    keepEvidenceOnFailure(() => session, 'mcp-servers');
    const { page, server } = session!;
    if (!hasProviders) {
      await runCommand(page, 'RLM: Show Panel'); // activates the extension
      await expect.poll(() => extensionLog(server)).toContain('MCP server definitions need VS Code 1.101 or later; rlm mcp is not listed in this VS Code.');
      expect(extensionLog(server)).toMatch(/Ask RLM \S+ activated/);
      return;
    }
    await runCommand(page, 'MCP: List Servers');
    const row = quickInput(page).locator('.monaco-list-row', { hasText: 'Ask RLM' });
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'mcp-servers-list');
  });
});
