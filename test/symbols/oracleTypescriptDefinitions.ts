// The TypeScript compiler's view of a file's definitions: what the oracle test compares symbols() with.
import ts from 'typescript';
import type { OracleDefinition } from './oracleCompare.js';

const TRIVIA = /(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/y;

function afterTrivia(text: string, position: number): number {
  TRIVIA.lastIndex = position;
  TRIVIA.exec(text);
  return TRIVIA.lastIndex;
}

/** Where the definition itself starts: after its decorators (as Python's ast counts), before its modifiers. */
function startOf(node: ts.Node, file: ts.SourceFile): number {
  const decorators = ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined;
  const start = decorators?.length ? afterTrivia(file.text, decorators[decorators.length - 1].end) : node.getStart(file);
  return file.getLineAndCharacterOfPosition(start).line + 1;
}

function nameOf(node: ts.NamedDeclaration, file: ts.SourceFile): string {
  return node.name ? node.name.getText(file) : 'default';
}

/** The definitions users expect symbols() to list, as the compiler sees them. */
export function oracleDefinitions(file: ts.SourceFile): OracleDefinition[] {
  const found: OracleDefinition[] = [];
  const add = (node: ts.Node, name: string, kind: string, start = startOf(node, file)) =>
    found.push({ name, kind, startLine: start, endLine: file.getLineAndCharacterOfPosition(node.getEnd()).line + 1 });
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node)) add(node, nameOf(node, file), 'function');
    else if (ts.isClassDeclaration(node)) add(node, nameOf(node, file), 'class');
    else if (ts.isMethodDeclaration(node) || ts.isMethodSignature(node)) add(node, nameOf(node, file), 'method');
    else if (ts.isInterfaceDeclaration(node)) add(node, nameOf(node, file), 'interface');
    else if (ts.isTypeAliasDeclaration(node)) add(node, nameOf(node, file), 'type');
    else if (ts.isEnumDeclaration(node)) add(node, nameOf(node, file), 'enum');
    else if (ts.isModuleDeclaration(node) && !ts.isModuleDeclaration(node.parent)) {
      // `namespace A.B {}` is a chain of declarations; users see one module named "A.B".
      let name = nameOf(node, file);
      for (let body = node.body; body && ts.isModuleDeclaration(body); body = body.body) name += `.${nameOf(body, file)}`;
      add(node, name, 'module');
    } else if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
    ) {
      add(node, nameOf(node, file), 'function');
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
