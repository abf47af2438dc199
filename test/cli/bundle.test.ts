// The CLI bundle is split so a command parses only what it imports: `rlm ask` and `rlm --help`
// never load the MCP SDK and zod (only `rlm mcp` does), and secretlint waits for its first use;
// `rlm ask` starts ripgrep's walk from the entry point, then loads the workspace tree alone, to
// list while the engine loads; acorn loads with the reply parsers, after the first request.
// Follows the static imports of the built chunks (npm run build) from the entry point.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = resolve(__dirname, '../../dist');

/** The chunks a module loads before it runs: itself and its static imports, transitively. */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(DIST, file), 'utf8');
    for (const match of code.matchAll(/^import\s[^;]*?from\s*"\.\/([^"]+)";|^import\s*"\.\/([^"]+)";/gm)) visit(match[1] ?? match[2]!);
  };
  visit(entry);
  return seen;
}

/** The chunk that `file` loads with `import('./name.js')`. */
function importedChunk(file: string, name: string): string {
  const code = readFileSync(join(DIST, file), 'utf8');
  const chunk = new RegExp(`import\\("\\./(cli-${name}-[A-Z0-9]+\\.mjs)"\\)`).exec(code)?.[1];
  if (!chunk) throw new Error(`no chunk for ${name} in ${file}`);
  return chunk;
}

/** The CLI's main module, which the entry point loads once it has started what goes first. */
const MAIN = importedChunk('cli-main.mjs', 'main');

/** The chunk that holds the subcommand `name` (the file of `await import('./name.js')` in main). */
const commandChunk = (name: string) => importedChunk(MAIN, name);

const bundled = (files: Set<string>, pkg: string) =>
  [...files].some((file) => readFileSync(join(DIST, file), 'utf8').includes(`// node_modules/${pkg}/`));

describe('CLI bundle', () => {
  it('rlm ask loads the engine and the openai client, not the MCP SDK, zod or secretlint', () => {
    const ask = new Set([...staticClosure('cli-main.mjs'), ...staticClosure(MAIN), ...staticClosure(commandChunk('ask'))]);
    expect(bundled(ask, 'openai')).toBe(true);
    expect(bundled(ask, '@modelcontextprotocol/sdk')).toBe(false);
    expect(bundled(ask, 'zod')).toBe(false);
    expect(bundled(ask, '@secretlint/core')).toBe(false);
    // acorn loads with the reply parsers, while the first request is out (replyParsers.ts).
    expect(bundled(ask, 'acorn')).toBe(false);
  });

  it('rlm ask starts listing before it loads the engine: the listing chunk holds no openai client, no markdown-it', () => {
    const listing = staticClosure(commandChunk('listingAhead'));
    expect(bundled(listing, 'picomatch')).toBe(true); // the workspace tree is there
    expect(bundled(listing, 'openai')).toBe(false);
    expect(bundled(listing, 'markdown-it')).toBe(false);
    expect(bundled(listing, '@secretlint/core')).toBe(false);
  });

  it('rlm mcp loads the MCP SDK', () => {
    expect(bundled(staticClosure(commandChunk('server')), '@modelcontextprotocol/sdk')).toBe(true);
  });

  it('the main module alone (rlm --help) holds commander and no engine', () => {
    const main = staticClosure(MAIN);
    expect(bundled(main, 'commander')).toBe(true);
    expect(bundled(main, 'openai')).toBe(false);
  });

  it("the entry point forks the sandbox's isolate process and starts ask's walk before it loads commander", () => {
    const entry = [...staticClosure('cli-main.mjs')].map((file) => readFileSync(join(DIST, file), 'utf8')).join('\n');
    expect(entry).toContain('// src/sandbox/isolatedVm/isolateSpare.ts');
    expect(entry).toContain('// src/cli/earlyWalk.ts');
    expect(bundled(staticClosure('cli-main.mjs'), 'commander')).toBe(false);
    // The walk needs rg's arguments, not the workspace tree or a glob matcher.
    expect(entry).not.toContain('// src/workspace/workspaceTree.ts');
    expect(bundled(staticClosure('cli-main.mjs'), 'picomatch')).toBe(false);
  });

  it("the sandbox's isolate process loads no cell parser: its start is on the way to the first cell", () => {
    const isolateProcess = readFileSync(join(DIST, 'isolateProcess.js'), 'utf8');
    expect(isolateProcess).toContain('// src/sandbox/guestRuntime.ts');
    expect(isolateProcess).not.toContain('// node_modules/acorn');
  });
});
