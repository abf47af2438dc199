// What rg's error output means for a grep, worded as the model's next step.
import { ToolError } from './fileTree.js';

/**
 * rg reports a PCRE2 matching limit per file and searches on:
 * "rg: ./big.txt: PCRE2: error matching: JIT stack limit reached" (also match, depth, heap limits).
 */
const MATCH_LIMIT_LINE = /^(?:rg: )?(.+?): PCRE2: error matching: (.*limit.*)$/;

export interface MatchLimit {
  /** rg's relative paths of the files it could not search to the end. */
  paths: string[];
  /** rg's words, e.g. "JIT stack limit reached". */
  reason: string;
}

export function matchLimitIn(stderr: string): MatchLimit | undefined {
  const paths: string[] = [];
  let reason = '';
  for (const line of stderr.split('\n')) {
    const found = MATCH_LIMIT_LINE.exec(line.trim());
    if (!found) continue;
    paths.push(found[1]!);
    reason ||= found[2]!;
  }
  return paths.length ? { paths, reason } : undefined;
}

/** The sentence for files a valid pattern could not be run over (workspace paths). */
export function matchLimitText(pattern: string, paths: readonly string[], reason: string): string {
  const shown = paths.slice(0, 3).join(', ') + (paths.length > 3 ? ` and ${paths.length - 3} more` : '');
  return (
    `grep pattern ${JSON.stringify(pattern)} is valid, but it backtracks too much for ripgrep's PCRE2 engine ` +
    `(${reason}) on a long line in ${paths.length} file${paths.length === 1 ? '' : 's'}: ${shown}. ` +
    'Those files were not searched to the end. Use a simpler pattern: anchor it or start it with a literal, ' +
    'use a character class instead of an alternation under a repeat ([ab]* rather than (a|b)*), ' +
    'drop look-arounds and backreferences, or grep a literal string and filter the lines in code.'
  );
}

/** rg failed before searching (exit code 2, nothing found): a bad pattern or an rg problem. */
export function rgError(pattern: string, stderr: string): Error {
  const message = stderr.replace(/^rg: /, '').trim();
  if (/exceeds size limit/i.test(message)) {
    return new ToolError(
      `grep pattern ${JSON.stringify(pattern)} is too large for ripgrep to compile: ${message}\n` +
        'Use a shorter pattern with smaller repetition counts, or several simpler greps.',
    );
  }
  if (/regex|pcre2|parse error|compil/i.test(message)) {
    return new ToolError(
      `grep pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${message}\n` +
        'Escape special characters for literal text (e.g. "\\\\(" or "\\\\.").',
    );
  }
  return new Error(`ripgrep failed: ${message}`);
}
