// Accuracy against Python's own `ast` over the whole standard library (site-packages excluded):
// every def/async def/class, by name and `lineno`, then `end_lineno`.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile, loadGrammar } from '../../src/symbols/extract.js';
import { emptyScore, percent, report, scoreFile, type OracleDefinition } from './oracleCompare.js';

const KINDS = new Set(['function', 'method', 'class']);

function stdlibFiles(): string[] {
  const root = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.py') && !p.split('/').includes('site-packages'))
    .sort()
    .map((p) => join(root, p));
}

describe('python symbols against the ast module', () => {
  it('finds ≥ 99.5% of the standard library definitions, ≥ 99% with exact lines', async () => {
    const started = Date.now();
    const files = stdlibFiles();
    const oracle = JSON.parse(
      execFileSync('python3', [join(__dirname, 'oracle_python_defs.py')], {
        input: files.join('\n'),
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      }),
    ) as Record<string, Array<[string, number, number, string]>>;
    const grammar = await loadGrammar('python');
    if (!grammar) throw new Error('no python grammar');
    const score = emptyScore();
    for (const [path, defs] of Object.entries(oracle)) {
      const ours = extractFile(grammar, readFileSync(path, 'utf8')).symbols.filter((s) => KINDS.has(s.kind));
      const expected: OracleDefinition[] = defs.map(([name, startLine, endLine, kind]) => ({ name, startLine, endLine, kind }));
      scoreFile(score, path, expected, ours);
    }
    console.log(report('python stdlib vs ast', score, (Date.now() - started) / 1000));
    expect(score.files).toBeGreaterThan(1000);
    expect(percent(score.found, score.definitions)).toBeGreaterThanOrEqual(99.5);
    expect(percent(score.exact, score.definitions)).toBeGreaterThanOrEqual(99);
  });
});
