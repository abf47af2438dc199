// The snapshot tests' view of extractFile: one line per symbol of a fixture, easy to review by eye.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFile, loadGrammar } from '../../src/symbols/extract.js';

const fixtures = join(__dirname, '..', 'fixtures', 'symbols');

/** One line per symbol, easy to review: "12-30 method Cache.load (slice from 10)". */
export async function symbolLines(languageId: string, file: string): Promise<string[]> {
  const grammar = await loadGrammar(languageId);
  if (!grammar) throw new Error(`no grammar for ${languageId}`);
  const { symbols, warning } = extractFile(grammar, readFileSync(join(fixtures, file), 'utf8'));
  if (warning) throw new Error(`${file}: ${warning}`);
  return symbols.map((s) => {
    const name = s.container ? `${s.container}.${s.name}` : s.name;
    const slice = s.sliceStartLine === s.startLine ? '' : ` (slice from ${s.sliceStartLine})`;
    return `${s.startLine}-${s.endLine} ${s.kind} ${name}${slice}`;
  });
}
