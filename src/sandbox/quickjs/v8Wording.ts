// QuickJS words some common errors differently from V8, and models (and our docs) know V8's.
// The costliest difference is "not a function" without the callee's name: the model cannot
// tell which of the calls on its line failed. QuickJS does give the column, so the callee is
// read back from the cell's own code.
import { parse, type Node } from 'acorn';
import { full as walkFull } from 'acorn-walk';
import type { SourcePosition } from '../cellProtocol.js';

const MAX_CALLEE_CHARS = 80;

/** @param code the cell as the engine ran it (the transformed code the position refers to) */
export function v8Wording(error: string, code: string, at?: SourcePosition): string {
  const notFunction = /^TypeError: not a function\b/.exec(error);
  if (notFunction && at) {
    const callee = calleeAt(code, at);
    if (callee) return error.replace(notFunction[0], `TypeError: ${callee} is not a function`);
  }
  return error
    .replace(/^TypeError: cannot read property '([^']*)' of (null|undefined)/, "TypeError: Cannot read properties of $2 (reading '$1')")
    .replace(/^TypeError: empty array\b/, 'TypeError: Reduce of empty array with no initial value');
}

/**
 * The callee of the call QuickJS reported at `at`. Its column points at the `.` before a
 * method's name, the `(` of the arguments, or the character before the callee, so a call
 * whose span from there to its `(` holds the position is the one. When several do (`f(x)()`), the
 * position does not say which call failed, so none is named: a wrong name would mislead.
 */
function calleeAt(code: string, at: SourcePosition): string | undefined {
  const offset = offsetOf(code, at);
  if (offset === undefined) return undefined;
  let program: Node;
  try {
    program = parse(code, { ecmaVersion: 'latest' });
  } catch {
    return undefined;
  }
  const candidates: Node[] = [];
  walkFull(program, (node) => {
    if (node.type !== 'CallExpression') return;
    const { callee } = node as unknown as { callee: Node & { object?: Node; computed?: boolean } };
    const from = callee.type === 'MemberExpression' && !callee.computed ? callee.object!.end : startOfWhitespace(code, callee.start) - 1;
    if (offset >= from && offset <= code.indexOf('(', callee.end)) candidates.push(callee);
  });
  if (candidates.length !== 1) return undefined;
  const text = describe(code, candidates[0]!);
  return text.length <= MAX_CALLEE_CHARS ? text : undefined;
}

function startOfWhitespace(code: string, index: number): number {
  while (index > 0 && /\s/.test(code[index - 1]!)) index--;
  return index;
}

/** The callee as V8 names it: `o.bar`, `files(...).filterBy`, `list[i]`. */
function describe(code: string, node: Node): string {
  const n = node as Node & {
    name?: string;
    raw?: string;
    object?: Node;
    property?: Node;
    computed?: boolean;
    optional?: boolean;
    callee?: Node;
  };
  switch (node.type) {
    case 'Identifier':
      return n.name!;
    case 'ThisExpression':
      return 'this';
    case 'Literal':
      return n.raw!;
    case 'MemberExpression': {
      const property = n.computed ? `[${describe(code, n.property!)}]` : `.${describe(code, n.property!)}`;
      return `${describe(code, n.object!)}${n.optional ? '?' : ''}${n.computed && n.optional ? '.' : ''}${property}`;
    }
    case 'CallExpression':
      return `${describe(code, n.callee!)}(...)`;
    case 'PrivateIdentifier':
      return `#${n.name!}`;
    default: {
      // Short literals read best as written (`[1, 2].mapp`); anything longer as V8 says it.
      const text = code.slice(node.start, node.end);
      return text.length <= 30 && !text.includes('\n') ? text : '(intermediate value)';
    }
  }
}

function offsetOf(code: string, { line, column }: SourcePosition): number | undefined {
  let start = 0;
  for (let l = 1; l < line; l++) {
    start = code.indexOf('\n', start) + 1;
    if (start === 0) return undefined;
  }
  return start + column - 1;
}
