// `rlm mcp` in VS Code's list of MCP servers, provided by the extension (no mcp.json). The
// provider API is stable from VS Code 1.101: on the current code-server (the second target,
// scripts/e2e/install-next.sh) the server is listed and starts; on the pinned 1.100 the
// extension detects the API is missing and says so in its log instead of failing.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fillInputBox, quickInput, runCommand, screenshot } from './browser';
import { codeServerBin } from './codeServer';
import { extensionLog, js, keepEvidenceOnFailure, panel, startRlmSession, waitForStatus, type RlmSession } from './rlmE2e';

/** The VS Code version inside this code-server ("4.139.1 <commit> with Code 1.139.1"). */
function vscodeVersion(): [number, number] {
  const out = execFileSync(codeServerBin(), ['--version'], { encoding: 'utf8' });
  const match = /with Code (\d+)\.(\d+)/.exec(out);
  if (!match) throw new Error(`cannot read the VS Code version from: ${out}`);
  return [Number(match[1]), Number(match[2])];
}

describe("rlm mcp in VS Code's MCP servers", () => {
  let session: RlmSession | undefined;
  const [major, minor] = vscodeVersion();
  const hasProviders = major > 1 || minor >= 101;

  beforeAll(async () => {
    session = await startRlmSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  test(
    hasProviders
      ? `VS Code ${major}.${minor} lists "Ask RLM" for the workspace and starts it; questions run on quickjs`
      : `VS Code ${major}.${minor} has no provider API: the extension says so and runs on`,
    async () => {
      keepEvidenceOnFailure(() => session, 'mcp-servers');
      const { page, server } = session!;
      if (!hasProviders) {
        await runCommand(page, 'RLM: Show Panel'); // activates the extension
        await expect
          .poll(() => extensionLog(server))
          .toContain('MCP server definitions need VS Code 1.101 or later; rlm mcp is not listed in this VS Code.');
        expect(extensionLog(server)).toMatch(/Ask RLM \S+ activated/);
        return;
      }
      const row = quickInput(page).locator('.monaco-list-row', { hasText: 'Ask RLM' });
      /** The server's row in MCP: List Servers (empty until VS Code has asked the extension, which activates on that). */
      const listed = async (): Promise<string> => {
        await runCommand(page, 'MCP: List Servers');
        const text = await row.textContent({ timeout: 3_000 }).catch(() => '');
        await page.keyboard.press('Escape');
        // Closed for real, or the next runCommand would type into a palette on its way out.
        await quickInput(page).waitFor({ state: 'hidden' });
        return text ?? '';
      };
      await expect.poll(listed, { timeout: 60_000 }).toMatch(/Ask RLM\s*Stopped/);
      await runCommand(page, 'MCP: List Servers');
      await screenshot(page, 'mcp-servers-list');
      await row.click();
      // The server's actions; starting it runs `node dist/cli.js mcp` under the extension host's Node.
      await quickInput(page).locator('.monaco-list-row', { hasText: 'Start Server' }).click();
      await expect.poll(listed).toMatch(/Ask RLM\s*Running/);
      // VS Code's log of the server (the Output view it opens on start): initialized, tools listed.
      await page.locator('.part.panel').getByText('Discovered 9 tools').waitFor({ state: 'visible', timeout: 30_000 });
      await screenshot(page, 'mcp-servers-running');

      // Its extension host is Node 24: isolated-vm (built for Node 20) cannot load, so a question runs on quickjs.
      session!.setPolicy(() => js('FINAL("answered on this host")'));
      await runCommand(page, 'Ask RLM about workspace');
      await fillInputBox(page, 'Which sandbox engine answers?');
      await waitForStatus(panel(page), 'Done');
      expect(extensionLog(server)).toMatch(/sandbox engine: quickjs \(auto: isolated-vm cannot run in this host/);
    },
  );
});
