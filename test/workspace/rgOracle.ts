// Runs the rg binary directly with plain flags: the reference the workspace grep is compared with.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

export const RG = createRequire(__filename).resolve(`@vscode/ripgrep-${process.platform}-${process.arch}/bin/rg`);

export interface OracleMatch {
  path: string;
  line: number;
  column: number;
  text: string;
}

type Data = { text: string } | { bytes: string };

/** `rg --json` over `root` with the listing's ignore flags; columns converted from bytes to JS string indexes. */
export function rgOracle(root: string, extraArgs: string[]): OracleMatch[] {
  const args = ['--json', '--no-config', '--hidden', '--no-require-git', '--glob', '!.git', ...extraArgs, '.'];
  let output: string;
  try {
    output = execFileSync(RG, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failed = error as { status?: number; stdout?: string };
    if (failed.status !== 1) throw error;
    output = failed.stdout ?? '';
  }
  const matches: OracleMatch[] = [];
  for (const line of output.split('\n')) {
    if (!line) continue;
    const message = JSON.parse(line) as {
      type: string;
      data: { path: Data; lines: Data; line_number: number; submatches: Array<{ start: number }> };
    };
    if (message.type !== 'match' || !('text' in message.data.path)) continue;
    const bytes = toBytes(message.data.lines);
    const decode = (b: Buffer): string => ('text' in message.data.lines ? b.toString('utf8') : b.toString('latin1'));
    matches.push({
      path: message.data.path.text.replace(/^\.\//, ''),
      line: message.data.line_number,
      column: decode(bytes.subarray(0, message.data.submatches[0].start)).length + 1,
      text: decode(bytes).replace(/\r?\n$/, ''),
    });
  }
  return matches;
}

function toBytes(data: Data): Buffer {
  return 'text' in data ? Buffer.from(data.text, 'utf8') : Buffer.from(data.bytes, 'base64');
}

/** A stable, comparable form of a match set. */
export function keyed(matches: ReadonlyArray<OracleMatch>): string[] {
  return matches.map((m) => `${m.path}:${m.line}:${m.column}:${m.text}`).sort();
}
