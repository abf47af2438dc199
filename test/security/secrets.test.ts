// Adversarial suite, secrets: every pattern of secretPatterns.ts (fresh random canaries each run)
// probed through every REPL function in a real sandbox, through the workspace summary, and through
// what llm() sends a model. A leak is a canary (or any 12-character piece of one) in the output,
// or, for a secret file, its path named or told apart from a missing one.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask } from '../../src/engine/engine.js';
import { createReplApi } from '../../src/engine/repl/replApi.js';
import { summarizeWorkspace } from '../../src/engine/workspaceSummary.js';
import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { SymbolIndex } from '../../src/symbols/symbolIndex.js';
import { WorkspaceTree } from '../../src/workspace/workspaceTree.js';
import { ImmediateScheduler, js, ScriptedModel } from '../support/scriptedModel.js';
import { buildPatterns, type SecretPattern } from './secretPatterns.js';

const patterns = buildPatterns();
let dir: string;
let tree: WorkspaceTree;
let symbols: SymbolIndex;
let sandbox: Sandbox;
const leaks: string[] = [];
let probes = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rlm-secrets-'));
  writeFileSync(join(dir, 'README.md'), '# Shop\nThe shop backend.\n');
  for (const pattern of patterns) {
    mkdirSync(dirname(join(dir, pattern.path)), { recursive: true });
    writeFileSync(join(dir, pattern.path), pattern.content);
  }
  tree = new WorkspaceTree({ roots: [{ path: dir }] });
  symbols = new SymbolIndex({ tree });
  const { api, globals } = createReplApi({ tree, symbols, query: 'Where are credentials hard-coded?' });
  sandbox = await IsolatedVmSandbox.create({ functions: api.hostFunctions(), globals, cellTimeoutMs: 20_000 });
}, 60_000);

afterAll(async () => {
  sandbox.dispose();
  await symbols.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `secret suite: ${patterns.length} patterns (${patterns.filter((p) => p.kind === 'file').length} secret files, ${patterns.filter((p) => p.kind === 'pasted').length} pasted credentials) × probes = ${probes} probes, ${leaks.length} leaks`,
  );
  for (const leak of leaks) console.log(`  LEAK ${leak}`);
});

/** Pieces of a canary: a leak of any 12 consecutive characters counts, so no prefix-by-prefix extraction hides. */
function pieces(canary: string): string[] {
  const out = [canary];
  for (let i = 0; i + 12 <= canary.length; i += 6) out.push(canary.slice(i, i + 12));
  return out;
}

function check(pattern: SecretPattern, probe: string, output: string): void {
  probes++;
  for (const canary of pattern.canaries) {
    if (pieces(canary).some((piece) => output.includes(piece))) leaks.push(`${pattern.name} via ${probe}: canary ${canary.slice(0, 8)}…`);
  }
  if (pattern.kind === 'file' && probe.startsWith('listing:') && output.includes(pattern.path))
    leaks.push(`${pattern.name} via ${probe}: path named`);
}

/** Runs model code and returns everything it produced (value, printed output, error), as one string. */
async function run(code: string): Promise<string> {
  const result = await sandbox.run(code);
  return JSON.stringify([result.final?.value ?? null, result.output, result.error ?? null]);
}

const q = (value: string) => JSON.stringify(value);

describe('secrets never reach a model', () => {
  it(`hides ${patterns.filter((p) => p.kind === 'file').length} secret files from every function, in the words used for a missing file`, async () => {
    const listing = await run(
      'FINAL({tree: tree("", {depth: 9}), ls: ls(), glob: glob("**", {limit: 0}), dirs: [".docker", ".kube", "deploy", "infra", ".gem", "ops", "notes", ".ssh", ".aws", "android", "nginx", "web"].map(d => { try { return ls(d) } catch (e) { return e.message } })})',
    );
    const summary = await summarizeWorkspace(tree);
    for (const pattern of patterns.filter((p) => p.kind === 'file')) {
      check(pattern, 'listing: tree/ls/glob', listing);
      check(pattern, 'listing: workspace summary', summary);
      for (const [probe, code] of [
        ['read', `read(${q(pattern.path)})`],
        ['peek', `peek(${q(pattern.path)}, 1, 500)`],
        ['stat', `stat(${q(pattern.path)})`],
        ['symbols', `symbols(${q(pattern.path)})`],
        ['slice', `slice(${q(pattern.path)}, "x")`],
      ] as const) {
        const output = await run(`FINAL(${code})`);
        check(pattern, probe, output);
        // The same call on a path that never existed must read exactly the same, path aside.
        const absent = `${pattern.path}-absent`;
        const control = await run(`FINAL(${code.replace(q(pattern.path), q(absent))})`);
        if (output.replaceAll(pattern.path, '<path>') !== control.replaceAll(absent, '<path>'))
          leaks.push(`${pattern.name} via ${probe}: told apart from a missing file (${output.slice(0, 120)} vs ${control.slice(0, 120)})`);
      }
      for (const canary of pattern.canaries) {
        check(pattern, 'grep', await run(`FINAL(grep(${q(canary.slice(0, 10))}, {maxResults: 0, contextLines: 3}))`));
        check(pattern, 'grep glob', await run(`FINAL(grep(".", {glob: ${q(pattern.path)}, maxResults: 0}))`));
      }
      check(pattern, 'outline', await run('FINAL(outline("**", {maxTokens: 100000}))'));
    }
    expect(leaks).toEqual([]);
  }, 120_000);

  it(`redacts ${patterns.filter((p) => p.kind === 'pasted').length} pasted credentials everywhere, and keeps their file and line findable`, async () => {
    const summary = await summarizeWorkspace(tree);
    for (const pattern of patterns.filter((p) => p.kind === 'pasted')) {
      const path = q(pattern.path);
      check(pattern, 'summary', summary);
      check(pattern, 'read', await run(`FINAL(read(${path}))`));
      check(pattern, 'peek', await run(`FINAL(peek(${path}, 1, 500))`));
      check(
        pattern,
        'peek one line at a time',
        await run(`FINAL(Array.from({length: stat(${path}).lines}, (_, i) => peek(${path}, i + 1, i + 1)).join("\\n"))`),
      );
      check(pattern, 'stat', await run(`FINAL(stat(${path}))`));
      check(pattern, 'grep every line', await run(`FINAL(grep(".", {glob: ${path}, maxResults: 0, contextLines: 5}))`));
      check(pattern, 'symbols', await run(`FINAL(symbols(${path}))`));
      check(pattern, 'outline', await run(`FINAL(outline(${path}, {maxTokens: 100000}))`));
      if (pattern.symbol) {
        check(pattern, 'slice', await run(`FINAL(slice(${path}, ${q(pattern.symbol)}))`));
        check(pattern, 'refs', await run(`FINAL(refs(${q(pattern.symbol)}))`));
      }
      for (const canary of pattern.canaries) {
        // Prefix by prefix, as an attacker would extract a key: no match may come back.
        for (const length of [4, 8, 16, canary.length]) {
          const output = await run(
            `FINAL(grep(${q(canary.slice(0, length).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))}, {glob: ${path}, maxResults: 0}))`,
          );
          check(pattern, `grep prefix ${length}`, output);
          if (length >= 8 && output !== JSON.stringify([[], '', null]))
            leaks.push(`${pattern.name} via grep prefix ${length}: a match came back (${output.slice(0, 120)})`);
        }
      }
      // "Where is the key hard-coded?" stays answerable: the line that names it is found.
      const where = await run(
        `FINAL(grep(${q(pattern.findable!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))}, {glob: ${path}}).map(m => m.path + ":" + m.line))`,
      );
      expect(where, pattern.name).toContain(pattern.path);
    }
    expect(leaks).toEqual([]);
  }, 180_000);

  it('keeps pasted credentials out of what llm() sends, and out of the root prompt', async () => {
    const pasted = patterns.filter((p) => p.kind === 'pasted');
    // Model code that reads every file into sub-calls, and one that pastes a key it was given itself.
    const code = `const files = ${JSON.stringify(pasted.map((p) => p.path))};\nconst answers = await Promise.all(files.map(f => llm("Which credentials does this file hold?", read(f))));\nawait llm("Is this key valid? ${pasted[1].canaries[0]}");\nprint(grep("TOKEN|KEY|SECRET|PASSWORD", {maxResults: 0, contextLines: 2}));\nFINAL(answers.join("\\n"))`;
    const root = new ScriptedModel('root', (_messages, call) => (call === 1 ? js(code) : js('FINAL("done")')));
    const sub = new ScriptedModel('sub', () => 'The file holds a redacted credential.');
    const result = await ask({
      question: 'Which credentials are hard-coded?',
      tree,
      rootModel: root,
      subModel: sub,
      scheduler: new ImmediateScheduler(),
      createSandbox: (o) => IsolatedVmSandbox.create({ ...o, cellTimeoutMs: 20_000 }),
    });
    expect(result.answer).toContain('redacted');
    expect(sub.calls.length).toBe(pasted.length + 1);
    // The root model's own replies come back to it as history: what it wrote, it knew already.
    const sent = JSON.stringify([root.calls.map((messages) => messages.filter((m) => m.role !== 'assistant')), sub.calls]);
    for (const pattern of patterns) check(pattern, 'llm() and root prompts', sent);
    expect(sent).toContain('«redacted: github-token»');
    expect(leaks).toEqual([]);
  }, 60_000);

  it(`covers at least 25 patterns`, () => {
    expect(patterns.length).toBeGreaterThanOrEqual(25);
  });
});
