// Turns a REPL cell into code that supports top-level await and keeps its top-level
// declarations for later cells: the body runs inside an async arrow function, and
// `const x = …` / `function f` / `class C` become assignments to pre-declared globals.
// Line numbers are preserved so error positions still point into the model's code.
import { parse, type Node, type Pattern, type Program } from 'acorn';
import { simple as walk } from 'acorn-walk';
import { CellSyntaxError } from './cellProtocol.js';

export { CellSyntaxError };

export interface TransformedCell {
  /** Names to declare with `var` in the global scope before the cell runs. */
  globals: string[];
  /** `ENTRY(async () => { … }, wantsValue)`, ready to run as a script. */
  code: string;
}

const MAX_CELL_CHARS = 1_000_000;
/** The local that carries the value of the cell's final expression. */
const VALUE = '__rlmCellValue';

interface Edit {
  at: number;
  text: string;
  /** Replace [at, end) instead of inserting. */
  end?: number;
}

/**
 * The engine's cell transforms, one of them done ahead: the first cell (SandboxOptions.firstCell)
 * is parsed while the engine starts, and its run takes that result (or its syntax error).
 */
export class CellTransforms {
  private ahead?: { source: string; result: TransformedCell | Error };

  constructor(
    private readonly reserved: ReadonlySet<string>,
    private readonly entry: string,
  ) {}

  /** Transforms `source` now, for the run of that very code. */
  prepare(source: string): void {
    try {
      this.ahead = { source, result: transformCell(source, this.reserved, this.entry) };
    } catch (e) {
      this.ahead = { source, result: e instanceof Error ? e : new Error(String(e)) };
    }
  }

  /** The transformed cell: the one prepared if it is this code (once), else transformed now. */
  transform(source: string): TransformedCell {
    const ahead = this.ahead;
    this.ahead = undefined;
    if (ahead?.source !== source) return transformCell(source, this.reserved, this.entry);
    if (ahead.result instanceof Error) throw ahead.result;
    return ahead.result;
  }
}

/**
 * @param reserved names model code may not redeclare (the REPL functions and globals)
 * @param entry the global cell-runner installed by the guest runtime
 */
export function transformCell(source: string, reserved: ReadonlySet<string>, entry: string): TransformedCell {
  if (source.length > MAX_CELL_CHARS) {
    throw new CellSyntaxError(`The cell is ${source.length} characters; keep cells under ${MAX_CELL_CHARS}.`);
  }
  const program = parseCell(source);
  walk(program, {
    ImportExpression(node) {
      const line = node.loc ? ` (line ${node.loc.start.line})` : '';
      throw new CellSyntaxError(`import() is not available in the sandbox${line}; the REPL functions (grep, read, …) are already global.`);
    },
  });
  const globals: string[] = [];
  const hoisted: string[] = [];
  const edits: Edit[] = [];
  const declare = (name: string) => {
    if (reserved.has(name) || name === VALUE) {
      throw new CellSyntaxError(`"${name}" is a built-in of the REPL and cannot be redeclared; choose another name.`);
    }
    if (!globals.includes(name)) globals.push(name);
  };

  for (const statement of program.body) {
    switch (statement.type) {
      case 'VariableDeclaration': {
        // `const a = 1, {b} = o;` → `void (a = 1, {b} = o);`
        for (const d of statement.declarations) patternNames(d.id).forEach(declare);
        edits.push({ at: statement.start, end: statement.start + statement.kind.length, text: 'void (' });
        for (const d of statement.declarations) {
          if (!d.init && statement.kind !== 'var') edits.push({ at: d.id.end, text: ' = undefined' });
        }
        const last = statement.declarations[statement.declarations.length - 1]!;
        edits.push({ at: last.end, text: ')' });
        break;
      }
      case 'FunctionDeclaration': {
        // Stays a hoisted declaration inside the body; copied to the global at the start.
        const name = statement.id.name;
        declare(name);
        hoisted.push(`globalThis.${name} = ${name};`);
        break;
      }
      case 'ClassDeclaration': {
        const name = statement.id.name;
        declare(name);
        edits.push({ at: statement.start, text: `${name} = ` });
        edits.push({ at: statement.end, text: ';' });
        break;
      }
      default:
        break;
    }
  }

  // The value of a final expression statement becomes the cell's value (shown by `rlm repl`).
  const lastStatement = program.body[program.body.length - 1];
  const wantsValue = lastStatement?.type === 'ExpressionStatement' && !('directive' in lastStatement && lastStatement.directive);
  // An assignment statement, not `return (…)`: QuickJS gives errors in a return statement the
  // line of the previous statement.
  if (wantsValue) {
    edits.push({ at: lastStatement.expression.start, text: `${VALUE} = (` });
    edits.push({ at: lastStatement.expression.end, text: `); return ${VALUE}` });
    hoisted.unshift(`let ${VALUE}; `);
  }

  const body = applyEdits(source, edits);
  return {
    globals,
    code: `${entry}(async () => { ${hoisted.join(' ')}${body}\n}, ${wantsValue});`,
  };
}

function parseCell(source: string): Program {
  try {
    return parse(source, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
      locations: true,
    });
  } catch (e) {
    const err = e as Error & { loc?: { line: number; column: number } };
    if (err instanceof RangeError && !err.loc) throw new CellSyntaxError('The cell is nested too deeply to parse.');
    let message = err.message.replace(/\s*\(\d+:\d+\)$/, '');
    if (/'import' and 'export'/.test(message)) {
      message = 'import/export are not available; the REPL functions (grep, read, …) are already global';
    }
    const where = err.loc ? ` at line ${err.loc.line}, column ${err.loc.column + 1}` : '';
    throw new CellSyntaxError(`SyntaxError: ${message}${where}`);
  }
}

function patternNames(pattern: Pattern | Node): string[] {
  const p = pattern as Pattern;
  switch (p.type) {
    case 'Identifier':
      return [p.name];
    case 'ObjectPattern':
      return p.properties.flatMap((prop) => patternNames(prop.type === 'RestElement' ? prop.argument : prop.value));
    case 'ArrayPattern':
      return p.elements.flatMap((el) => (el ? patternNames(el) : []));
    case 'RestElement':
      return patternNames(p.argument);
    case 'AssignmentPattern':
      return patternNames(p.left);
    default:
      return [];
  }
}

function applyEdits(source: string, edits: Edit[]): string {
  // Stable order: by position, then replacements before insertions at the same spot.
  const sorted = edits
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => a.at - b.at || (b.end === undefined ? 0 : 1) - (a.end === undefined ? 0 : 1) || a.i - b.i);
  let out = '';
  let pos = 0;
  for (const edit of sorted) {
    out += source.slice(pos, edit.at) + edit.text;
    pos = edit.end ?? edit.at;
  }
  return out + source.slice(pos);
}
