// What a cell needs before it runs: a syntax check with the sandbox's own parser options, and
// TypeScript types removed by sucrase (line numbers kept, so errors still point at the
// model's lines). Types are stripped from ts-tagged cells, and from js-tagged cells that only
// parse once their types are gone.
import { replyParsers } from './replyParsers.js';

const TYPESCRIPT = new Set(['ts', 'typescript', 'tsx', 'mts']);

export function parsesAsJavaScript(code: string): boolean {
  const { parseJavaScript } = replyParsers(); // outside the try: not loaded is a bug, not a verdict
  try {
    parseJavaScript(code, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
    });
    return true;
  } catch {
    return false;
  }
}

/** The code without its types; undefined when it is not valid TypeScript either. */
export function stripTypes(code: string): string | undefined {
  const { transform } = replyParsers(); // outside the try: not loaded is a bug, not a verdict
  try {
    return transform(code, { transforms: ['typescript'], disableESTransforms: true }).code;
  } catch {
    return undefined;
  }
}

export interface PreparedCell {
  code: string;
  typesStripped: boolean;
}

export function prepareCell(code: string, lang: string): PreparedCell {
  if (!TYPESCRIPT.has(lang) && parsesAsJavaScript(code)) return { code, typesStripped: false };
  const stripped = stripTypes(code);
  // Code that is neither runs as written: the sandbox reports its syntax error.
  if (stripped === undefined || stripped === code || !parsesAsJavaScript(stripped)) return { code, typesStripped: false };
  return { code: stripped, typesStripped: true };
}

/** A bare fence runs when it is JavaScript that does something (calls a function), not text or output. */
export function looksLikeRunnableJavaScript(code: string): boolean {
  return /[A-Za-z_$][\w$]*\s*\(/.test(code) && parsesAsJavaScript(code);
}
