// Bundles: the extension (dist/extension.js), the CLI (dist/cli.js), the side-panel webview
// (dist/webview.js) and the editor view of a run (dist/runView.js), both browser
// bundles. `--production` minifies, `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the `file:line:col: error: message` form VS Code's problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  sourcesContent: false,
  minify: production,
  // Native or file-shipping packages stay in node_modules (web-tree-sitter loads its .wasm from there).
  external: ['vscode', 'isolated-vm', '@vscode/ripgrep', '@vscode/ripgrep-*', 'web-tree-sitter'],
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
};

// The webview runs in VS Code's webview (Chromium): one classic script, loaded with a CSP nonce.
const browser = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  sourcemap: !production,
  sourcesContent: false,
  minify: production,
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
};

// The CLI is ES modules split into chunks, so a command parses only what it imports: `rlm ask`
// never reads the MCP SDK and zod, secretlint loads on first use. The chunks sit in dist/ itself
// (bundledFile() looks beside its own chunk) and get CommonJS's require and __dirname back.
const cli = {
  ...node,
  entryPoints: { 'cli-main': 'src/cli/rlm.ts' },
  outdir: 'dist',
  format: 'esm',
  splitting: true,
  chunkNames: 'cli-[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { dirname as __dirnameOf } from 'node:path';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      'const require = __createRequire(import.meta.url);',
      'const __filename = __fileURLToPath(import.meta.url);',
      'const __dirname = __dirnameOf(__filename);',
    ].join('\n'),
  },
};
mkdirSync('dist', { recursive: true });
for (const old of readdirSync('dist', { withFileTypes: true }).filter((f) => /^cli-.*\.mjs(\.map)?$/.test(f.name))) {
  rmSync(`dist/${old.name}`);
}
// `rlm` itself (package.json "bin", the extension's MCP launch): a CommonJS file that loads the entry chunk.
writeFileSync('dist/cli.js', "#!/usr/bin/env node\n'use strict';\nimport('./cli-main.mjs');\n", { mode: 0o755 });

const builds = [
  { ...node, entryPoints: ['src/vscode/extension.ts'], outfile: 'dist/extension.js' },
  cli,
  { ...node, entryPoints: ['src/symbols/parseWorker.ts'], outfile: 'dist/parseWorker.js' },
  {
    ...node,
    entryPoints: ['src/sandbox/quickjs/quickJsWorker.ts'],
    outfile: 'dist/quickjsWorker.js',
    // quickjs-emscripten's ESM loader reads import.meta.url, which a CJS bundle lacks.
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  },
  { ...node, entryPoints: ['src/sandbox/isolatedVm/isolateProcess.ts'], outfile: 'dist/isolateProcess.js' },
  { ...browser, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js' },
  // The run in an editor tab ("Open in editor"): call tree and timeline.
  { ...browser, entryPoints: ['src/webview/runViewMain.ts'], outfile: 'dist/runView.js' },
];

// Our tags queries are read at run time, next to the bundles; the panel's icon font too.
cpSync('src/symbols/queries', 'dist/queries', { recursive: true });
// The quickjs engine's WebAssembly build (quickjs-ng), compiled by the extension host, run in a worker.
cpSync('node_modules/@jitl/quickjs-ng-wasmfile-release-sync/dist/emscripten-module.wasm', 'dist/quickjs.wasm');
for (const file of ['codicon.css', 'codicon.ttf']) cpSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/codicons/${file}`);

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  // Which build dist/ holds: the unit and adversarial stages skip their build when it is a fresh development one.
  writeFileSync('dist/build.json', JSON.stringify({ production }));
}
