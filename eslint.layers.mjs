// The layer table of docs/ARCHITECTURE.md ("Layers") as a lint rule: a file's folder under src/
// decides which other folders it may import. Relative imports are resolved against the importing
// file, so "../engine/x.js" means the same folder from any depth. Packages, `node:*` and `vscode`
// are left to the no-restricted-imports blocks in eslint.config.mjs.
import { dirname, relative, resolve, sep } from 'node:path';

const LOWER = ['llm', 'workspace', 'sandbox', 'symbols'];
const PURE = ['protocol', 'common'];

/**
 * Folder under src/ → the folders it may import besides itself. "." is a file directly in src/
 * (bundledFile.ts: Node helpers). Nothing in src/ imports test/.
 */
export const LAYERS = {
  protocol: [],
  // Pure policy shared by the extension host and the webview (no Node, no vscode, no DOM).
  common: ['protocol'],
  webview: [...PURE],
  // llm, workspace, sandbox and symbols are tools: never the engine, the host or a surface.
  llm: [...PURE, ...LOWER, '.'],
  workspace: [...PURE, ...LOWER, '.'],
  sandbox: [...PURE, ...LOWER, '.'],
  symbols: [...PURE, ...LOWER, '.'],
  // Runs in any JS runtime: its collaborators' interfaces, no Node helper, no host, no surface.
  engine: [...PURE, ...LOWER],
  // The composition root for Node hosts: everything but the surfaces.
  host: [...PURE, ...LOWER, 'engine', '.'],
  // The surfaces, which never import each other.
  cli: [...PURE, ...LOWER, 'engine', 'host', '.'],
  vscode: [...PURE, ...LOWER, 'engine', 'host', '.'],
  '.': [...PURE],
};

const HELP = 'docs/ARCHITECTURE.md, Layers';

/** "src/engine/x.ts" → "engine"; "src/bundledFile.ts" → "."; outside src → undefined. */
function layerOf(repoPath) {
  const parts = repoPath.split('/');
  if (parts[0] !== 'src') return undefined;
  return parts.length === 2 ? '.' : parts[1];
}

const name = (layer) => (layer === '.' ? 'src/*.ts' : `src/${layer}/`);

export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each folder of src/ imports only the layers the table in eslint.layers.mjs allows' },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const file = relative(root, context.filename).split(sep).join('/');
    const from = layerOf(file);
    if (from === undefined) return {};
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = relative(root, resolve(dirname(context.filename), specifier))
        .split(sep)
        .join('/');
      if (target === 'test' || target.startsWith('test/')) {
        return context.report({
          node,
          message: `src/ must not import test code ("${specifier}"): move what both need into src/ (${HELP}).`,
        });
      }
      const to = layerOf(target);
      if (to === undefined || to === from || LAYERS[from]?.includes(to)) return;
      context.report({
        node,
        message: `${name(from)} must not import ${name(to)} ("${specifier}"); it may import ${LAYERS[from].map(name).join(', ') || 'nothing else'} (${HELP}).`,
      });
    };
    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      Program(node) {
        if (!(from in LAYERS)) {
          context.report({
            node,
            message: `${name(from)} is not in the layer table: add it to LAYERS in eslint.layers.mjs with the layers it may import (${HELP}).`,
          });
        }
      },
      ImportDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => check(node, node.argument?.literal?.value ?? node.argument?.value),
    };
  },
};
