// What earlier code left in a kept REPL: the names of its variables with their types and sizes,
// never their values (a follow-up's first message must stay small). Read by a cell in the
// sandbox itself, so it works the same in every engine: model code's top-level declarations are
// the enumerable globals (the REPL's own functions are not enumerable).
import type { Sandbox } from '../../sandbox/sandbox.js';

export interface ReplVariable {
  name: string;
  /** e.g. "array of 120", "string of 4,210 chars", "object with 5 keys", "function". */
  kind: string;
}

/** At most this many names are listed; the rest are counted. */
export const MAX_LISTED = 40;
/** Model code may have left a getter that never returns: the listing gives up quickly. */
const LISTING_TIMEOUT_MS = 3_000;

// Runs in the sandbox. Plain JavaScript in a string: it must not declare globals of its own.
const LISTING_CELL = `(() => {
  const kinds = [];
  const names = Object.keys(globalThis);
  for (const name of names.slice(0, ${MAX_LISTED + 20})) {
    let kind;
    try {
      const v = globalThis[name];
      if (v === null) kind = "null";
      else if (Array.isArray(v)) kind = "array of " + v.length;
      else if (typeof v === "string") kind = "string of " + v.length + " chars";
      else if (v instanceof Map) kind = "Map of " + v.size;
      else if (v instanceof Set) kind = "Set of " + v.size;
      else if (typeof v === "function") kind = "function";
      else if (typeof v === "object") kind = "object with " + Object.keys(v).length + " keys";
      else kind = typeof v;
    } catch (e) {
      kind = "unreadable";
    }
    kinds.push([name, kind]);
  }
  print(JSON.stringify({ total: names.length, kinds }));
})()`;

export interface VariableListing {
  variables: ReplVariable[];
  /** Variables beyond those listed. */
  more: number;
  /** Set when the listing failed (the sandbox stopped, model code broke JSON). */
  problem?: string;
}

export async function listVariables(sandbox: Sandbox, hidden: ReadonlySet<string>): Promise<VariableListing> {
  const result = await sandbox.run(LISTING_CELL, { timeoutMs: LISTING_TIMEOUT_MS });
  if (result.error) return { variables: [], more: 0, problem: result.error };
  try {
    const parsed = JSON.parse(result.output) as { total?: unknown; kinds?: unknown };
    if (typeof parsed.total !== 'number' || !Array.isArray(parsed.kinds)) throw new Error('unexpected shape');
    const named = parsed.kinds.filter(
      (k): k is [string, string] => Array.isArray(k) && typeof k[0] === 'string' && typeof k[1] === 'string',
    );
    // Declarations are identifiers; anything else was put on globalThis by hand and is only counted.
    const shown = named.filter(([name]) => !hidden.has(name) && /^[\p{L}_$][\p{L}\p{N}_$]{0,79}$/u.test(name));
    const variables = shown.slice(0, MAX_LISTED).map(([name, kind]) => ({ name, kind: readable(kind.slice(0, 60)) }));
    const hiddenSeen = named.filter(([name]) => hidden.has(name)).length;
    return { variables, more: Math.max(0, parsed.total - hiddenSeen - variables.length) };
  } catch {
    return { variables: [], more: 0, problem: 'the listing printed something unexpected (was JSON or print overwritten?)' };
  }
}

/** "string of 4210 chars" → "string of 4,210 chars". */
function readable(kind: string): string {
  return kind.replace(/\d{4,}/g, (n) => Number(n).toLocaleString('en-US'));
}
