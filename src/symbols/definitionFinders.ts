// Definitions found by a walk inside the parser instead of the tags query. The query's cursor
// tracks pattern states at every node; comparing node types costs less than half as much, and
// the query was a sixth of a cold parse. A finder is written for one exact query text: it yields
// the matches the definitions query would (same pattern indexes, captures and nodes) and is used
// only while the query text hashes to the one it was written for.
import { CaptureQuantifier, type Node, type Query, type QueryCapture, type QueryMatch } from 'web-tree-sitter';

export type DefinitionFinder = (root: Node) => QueryMatch[];

/** sha1 of the Python tags query (tree-sitter-python's tags.scm, then queries/python.scm). */
export const PYTHON_QUERY_SHA1 = 'aabe529a68f14121e129b4e807df2a52a5068c7c';

/** Types whose nodes the Python query tags (or, for `module`, whose children it tags). */
export const PYTHON_TYPES = ['module', 'class_definition', 'function_definition', 'type_alias_statement'];
const PYTHON_TAGGED = new Set(PYTHON_TYPES);

/**
 * The node types that can hold one of PYTHON_TYPES among their descendants in an error-free tree:
 * tree-sitter-python's node-types.json closed over its children (a definition is a statement,
 * and statements sit only in these). Expressions, simple statements and the rest hold none, so
 * the walk skips them — most of a file's nodes.
 */
export const PYTHON_HOLDERS: ReadonlySet<string> = new Set([
  'module',
  'block',
  'class_definition',
  'function_definition',
  'decorated_definition',
  'if_statement',
  'elif_clause',
  'else_clause',
  'for_statement',
  'while_statement',
  'try_statement',
  'except_clause',
  'finally_clause',
  'with_statement',
  'match_statement',
  'case_clause',
]);

/**
 * The finder for a language's query, or undefined (the query is then used): none written for the
 * language, or its query text has changed since.
 */
export function definitionFinder(languageId: string, querySha1: string, query: Query): DefinitionFinder | undefined {
  if (languageId !== 'python' || querySha1 !== PYTHON_QUERY_SHA1) return undefined;
  const pattern = (kind: string) => {
    const id = query.captureNames.indexOf(`definition.${kind}`);
    return query.captureQuantifiers.findIndex((quantifiers) => quantifiers[id] !== CaptureQuantifier.Zero);
  };
  const patterns = { constant: pattern('constant'), class: pattern('class'), function: pattern('function'), type: pattern('type') };
  return (root) => pythonDefinitions(root, patterns);
}

/**
 * The matches, in document order, of
 * `(module (expression_statement (assignment left: (identifier) @name) @definition.constant))`,
 * `(class_definition name: (identifier) @name) @definition.class`,
 * `(function_definition name: (identifier) @name) @definition.function` and
 * `(type_alias_statement left: (type (identifier) @name)) @definition.type`.
 */
function pythonDefinitions(root: Node, patterns: Record<'constant' | 'class' | 'function' | 'type', number>): QueryMatch[] {
  const matches: QueryMatch[] = [];
  const add = (patternIndex: number, kind: string, name: Node, tagged: Node) => {
    const captures: QueryCapture[] = [
      { patternIndex, name: `definition.${kind}`, node: tagged },
      { patternIndex, name: 'name', node: name },
    ];
    matches.push({ patternIndex, captures });
  };
  for (const node of pythonTagged(root)) {
    if (node.type === 'module') {
      for (const statement of node.namedChildren)
        if (statement?.type === 'expression_statement')
          for (const assignment of statement.children)
            if (assignment?.type === 'assignment')
              for (const name of named(assignment.childrenForFieldName('left'), 'identifier'))
                add(patterns.constant, 'constant', name, assignment);
    } else if (node.type === 'type_alias_statement') {
      for (const type of named(node.childrenForFieldName('left'), 'type'))
        for (const name of named(type.children, 'identifier')) add(patterns.type, 'type', name, node);
    } else {
      const kind = node.type === 'class_definition' ? 'class' : 'function';
      for (const name of named(node.childrenForFieldName('name'), 'identifier')) add(patterns[kind], kind, name, node);
    }
  }
  return matches;
}

/**
 * The nodes of PYTHON_TYPES in document order, as `descendantsOfType` finds them. An error-free
 * tree is walked through PYTHON_HOLDERS only; error recovery can put a definition anywhere, so a
 * tree with errors is searched whole.
 */
function pythonTagged(root: Node): Node[] {
  if (root.hasError) return root.descendantsOfType(PYTHON_TYPES).filter((node): node is Node => !!node);
  const found: Node[] = [];
  // No recursion (nesting depth is the file's to choose); each type read once (a call into the parser).
  const nodes: Node[] = [root];
  const types: string[] = [root.type];
  for (let node = nodes.pop(), type = types.pop(); node && type; node = nodes.pop(), type = types.pop()) {
    if (PYTHON_TAGGED.has(type)) found.push(node);
    if (!PYTHON_HOLDERS.has(type)) continue;
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      const childType = child?.type;
      if (child && childType && (PYTHON_HOLDERS.has(childType) || PYTHON_TAGGED.has(childType))) {
        nodes.push(child);
        types.push(childType);
      }
    }
  }
  return found;
}

/** The named nodes of a type among some (a query's `(identifier)` matches named nodes only). */
function named(nodes: readonly (Node | null)[], type: string): Node[] {
  return nodes.filter((node): node is Node => !!node && node.isNamed && node.type === type);
}
