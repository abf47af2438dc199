// One parse of one file → its definitions (with containers) and references, via tags queries.
// The tree is freed before returning: only plain data leaves this function.
import { createHash } from 'node:crypto';
import { CaptureQuantifier, Language, Parser, Query, type Node, type QueryMatch } from 'web-tree-sitter';
import { GRAMMARS, grammarWasmPath, querySource } from './grammars.js';
import { definitionFinder, type DefinitionFinder } from './definitionFinders.js';
import type { ExtractedSymbol, FileSymbols, ReferenceInfo } from './types.js';

export interface Grammar {
  language: Language;
  /** The tags query's definition patterns only: no match per call site when only symbols are wanted. */
  definitions: Query;
  /**
   * The same matches as `definitions` found by a tree walk in the parser (where a language has one
   * written for its exact query text, see definitionFinders.ts): the query's cursor costs more.
   */
  findDefinitions?: DefinitionFinder;
  /** The whole tags query, compiled on first use (a worker that only lists symbols never needs it). */
  withReferences(): Query;
  /** One parser per grammar, reused for every file (creating one per file costs more than small files' parses). */
  parser: Parser;
}

let parserReady: Promise<void> | undefined;
const grammars = new Map<string, Promise<Grammar | undefined>>();

/** Loads (once) the grammar and query for a language id; undefined when none exists. */
export function loadGrammar(languageId: string): Promise<Grammar | undefined> {
  let grammar = grammars.get(languageId);
  if (!grammar) {
    const spec = GRAMMARS[languageId];
    grammar = spec
      ? (parserReady ??= Parser.init()).then(async () => {
          const language = await Language.load(grammarWasmPath(spec));
          const source = querySource(spec);
          const definitions = definitionsOnly(new Query(language, source));
          const findDefinitions = definitionFinder(languageId, createHash('sha1').update(source).digest('hex'), definitions);
          let full: Query | undefined;
          const parser = new Parser();
          parser.setLanguage(language);
          return { language, definitions, findDefinitions, withReferences: () => (full ??= new Query(language, source)), parser };
        })
      : Promise.resolve(undefined);
    grammars.set(languageId, grammar);
  }
  return grammar;
}

/**
 * Keeps only the patterns that tag a definition: reference patterns, and the base queries'
 * untagged ones (Go's imports), would each be matched and handed back only to be skipped.
 */
function definitionsOnly(query: Query): Query {
  const tags = query.captureNames.flatMap((name, id) => (name.startsWith('definition.') ? [id] : []));
  for (let pattern = 0; pattern < query.patternCount(); pattern++)
    if (!tags.some((id) => query.captureQuantifiers[pattern]?.[id] !== CaptureQuantifier.Zero)) query.disablePattern(pattern);
  return query;
}

/** Kinds that turn a `function` defined directly inside them into a `method`. */
const TYPE_KINDS = new Set(['class', 'interface', 'struct', 'trait', 'impl', 'enum', 'object']);
/** Wrappers whose start (and leading comments) belong to the definition they wrap. */
const WRAPPERS = new Set(['decorated_definition', 'export_statement', 'template_declaration']);
/** Leading siblings that slice() includes: doc comments, decorators, attributes. */
const LEADING = /comment|decorator|attribute_item|annotation|^attribute$/;
const COMMENT = /comment/;
/** Leading children of a definition node that are not the definition itself. */
const OWN_PREFIX = /^decorator$|comment/;

interface Definition extends ExtractedSymbol {
  startIndex: number;
  endIndex: number;
  patternIndex: number;
  /** From `@container` captures: the enclosing type of a definition not nested in it (Go receivers, C++ `Foo::bar`). */
  scope?: string;
}

/** `withReferences: false` leaves `references` empty and says so (`referencesOmitted`). */
export function extractFile(grammar: Grammar, source: string, timeoutMs = 10_000, withReferences = true): FileSymbols {
  const { parser } = grammar;
  const deadline = Date.now() + timeoutMs;
  let timedOut = false;
  const tree = parser.parse(source, null, {
    progressCallback: () => (timedOut = Date.now() > deadline),
  });
  if (!tree) {
    parser.reset(); // a stopped parse would otherwise resume inside the next file
    return {
      symbols: [],
      references: [],
      warning: timedOut ? `parsing took longer than ${timeoutMs / 1000} s and was stopped` : 'the parser returned nothing',
      transient: true,
    };
  }
  try {
    const root = tree.rootNode;
    const matches = withReferences
      ? grammar.withReferences().matches(root)
      : (grammar.findDefinitions?.(root) ?? grammar.definitions.matches(root));
    const result = collect(matches);
    if (!withReferences) result.referencesOmitted = true;
    if (tree.rootNode.hasError) result.warning = 'the file has syntax errors; symbols near them may be missing';
    return result;
  } finally {
    tree.delete();
  }
}

function collect(matches: readonly QueryMatch[]): FileSymbols {
  const definitions = new Map<string, Definition>();
  const references: ReferenceInfo[] = [];
  for (const match of matches) {
    const name = match.captures.find((c) => c.name === 'name')?.node;
    const tagged = match.captures.find((c) => c.name.startsWith('definition.') || c.name.startsWith('reference.'));
    if (!name || !tagged) continue;
    const [role, kind = 'unknown'] = tagged.name.split('.');
    if (role === 'reference') {
      references.push({ name: name.text, line: name.startPosition.row + 1, column: name.startPosition.column + 1, kind });
      continue;
    }
    const node = tagged.node;
    // Later patterns (our extension queries) refine what earlier ones said of the same node.
    const key = `${node.startIndex}:${node.endIndex}:${name.text}`;
    const previous = definitions.get(key);
    // @container captures (one per scope segment) name the enclosing type of a definition not nested in it.
    const scope =
      match.captures
        .filter((c) => c.name === 'container')
        .map((c) => c.node.text)
        .join('.') || previous?.scope;
    if (previous && previous.patternIndex > match.patternIndex) {
      previous.scope ??= scope;
      continue;
    }
    definitions.set(key, {
      name: name.text,
      kind,
      startLine: ownStart(node),
      endLine: lastLine(node),
      sliceStartLine: leadingStart(node),
      startIndex: node.startIndex,
      endIndex: node.endIndex,
      patternIndex: match.patternIndex,
      ...(scope ? { scope } : {}),
    });
  }
  return { symbols: withContainers([...definitions.values()]), references: dedupeReferences(references) };
}

/** Orders definitions by position and names the enclosing definition of each. */
function withContainers(definitions: Definition[]): ExtractedSymbol[] {
  definitions.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
  const open: Array<Definition & { qualified: string }> = [];
  return definitions.map((d) => {
    while (open.length && open[open.length - 1].endIndex < d.endIndex) open.pop();
    const parent = open[open.length - 1];
    const symbol: ExtractedSymbol = {
      name: d.name,
      kind: d.kind,
      startLine: d.startLine,
      endLine: d.endLine,
      sliceStartLine: d.sliceStartLine,
    };
    const container = d.scope ? (parent ? `${parent.qualified}.${d.scope}` : d.scope) : parent?.qualified;
    if (container) {
      symbol.container = container;
      if (symbol.kind === 'function' && (d.scope || TYPE_KINDS.has(parent?.kind ?? ''))) symbol.kind = 'method';
    }
    open.push({ ...d, qualified: container ? `${container}.${d.name}` : d.name });
    return symbol;
  });
}

/** The definition's own first line: after decorators it holds (JS/TS classes), as Python's `ast` counts. */
function ownStart(node: Node): number {
  let first = node.firstChild;
  while (first && first.nextSibling && OWN_PREFIX.test(first.type)) first = first.nextSibling;
  return (first ?? node).startPosition.row + 1;
}

/**
 * The last line of the definition's own code: the end of its last token that is not a comment
 * (a Python block keeps the indented comments after its last statement; `ast` does not count them).
 */
function lastLine(node: Node): number {
  // The token holding the last character, found inside the parser: when it is no comment, it is
  // where the walk down the last children ends (an error-free node has no empty last children).
  const token = node.hasError || node.endIndex === node.startIndex ? undefined : node.descendantForIndex(node.endIndex - 1);
  if (token && !COMMENT.test(token.type)) return endLine(token);
  let last = node;
  for (let child = last.lastChild; child; child = last.lastChild) {
    while (child && COMMENT.test(child.type)) child = child.previousSibling;
    if (!child) break;
    last = child;
  }
  return endLine(last);
}

/** A token ending at column 0 ends on the line before (its range includes the newline). */
function endLine(last: Node): number {
  const end = last.endPosition;
  return end.column === 0 && end.row > last.startPosition.row ? end.row : end.row + 1;
}

/** First line of the definition's leading decorators and doc comments. */
function leadingStart(node: Node): number {
  let anchor = node;
  // A node's parent is found from the root down: ask once per step.
  for (let parent = anchor.parent; parent && WRAPPERS.has(parent.type); parent = parent.parent) anchor = parent;
  let start = anchor.startPosition.row;
  for (let sibling = anchor.previousSibling; sibling && LEADING.test(sibling.type); sibling = sibling.previousSibling) {
    if (sibling.endPosition.row < start - 1) break; // a blank line separates it from the definition
    start = sibling.startPosition.row;
  }
  return start + 1;
}

function dedupeReferences(references: ReferenceInfo[]): ReferenceInfo[] {
  const seen = new Set<string>();
  return references
    .filter((r) => {
      const key = `${r.line}:${r.column}:${r.name}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}
