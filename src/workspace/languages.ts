// Language ids (VS Code's names) from a file's extension, its name, or its shebang line.

/** Maps, not objects: a miss is cheap (the workspace summary asks for every file) and "constructor" is no language. */
const table = (entries: Record<string, string>): ReadonlyMap<string, string> => new Map(Object.entries(entries));

const BY_EXTENSION: ReadonlyMap<string, string> = table({
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascriptreact',
  py: 'python',
  pyi: 'python',
  pyw: 'python',
  go: 'go',
  rs: 'rust',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  scala: 'scala',
  sc: 'scala',
  groovy: 'groovy',
  gradle: 'groovy',
  clj: 'clojure',
  cljs: 'clojure',
  edn: 'clojure',
  c: 'c',
  h: 'c',
  cpp: 'cpp',
  cc: 'cpp',
  cxx: 'cpp',
  'c++': 'cpp',
  hpp: 'cpp',
  hh: 'cpp',
  hxx: 'cpp',
  ipp: 'cpp',
  inl: 'cpp',
  m: 'objective-c',
  mm: 'objective-cpp',
  cs: 'csharp',
  fs: 'fsharp',
  fsx: 'fsharp',
  vb: 'vb',
  swift: 'swift',
  dart: 'dart',
  rb: 'ruby',
  rake: 'ruby',
  gemspec: 'ruby',
  php: 'php',
  pl: 'perl',
  pm: 'perl',
  lua: 'lua',
  r: 'r',
  jl: 'julia',
  ex: 'elixir',
  exs: 'elixir',
  erl: 'erlang',
  hrl: 'erlang',
  hs: 'haskell',
  ml: 'ocaml',
  mli: 'ocaml',
  elm: 'elm',
  zig: 'zig',
  nim: 'nim',
  v: 'verilog',
  sv: 'systemverilog',
  vhd: 'vhdl',
  sol: 'solidity',
  asm: 'asm',
  s: 'asm',
  sh: 'shellscript',
  bash: 'shellscript',
  zsh: 'shellscript',
  ksh: 'shellscript',
  fish: 'fish',
  ps1: 'powershell',
  psm1: 'powershell',
  bat: 'bat',
  cmd: 'bat',
  md: 'markdown',
  markdown: 'markdown',
  mdx: 'mdx',
  rst: 'restructuredtext',
  adoc: 'asciidoc',
  tex: 'latex',
  json: 'json',
  jsonc: 'jsonc',
  json5: 'json5',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  ini: 'ini',
  cfg: 'ini',
  conf: 'properties',
  properties: 'properties',
  xml: 'xml',
  xsd: 'xml',
  svg: 'xml',
  plist: 'xml',
  csv: 'csv',
  tsv: 'tsv',
  html: 'html',
  htm: 'html',
  css: 'css',
  scss: 'scss',
  sass: 'sass',
  less: 'less',
  vue: 'vue',
  svelte: 'svelte',
  astro: 'astro',
  hbs: 'handlebars',
  ejs: 'html',
  pug: 'jade',
  sql: 'sql',
  graphql: 'graphql',
  gql: 'graphql',
  proto: 'proto3',
  tf: 'terraform',
  hcl: 'hcl',
  nix: 'nix',
  cmake: 'cmake',
  mk: 'makefile',
  dockerfile: 'dockerfile',
  prisma: 'prisma',
});

const BY_FILE_NAME: ReadonlyMap<string, string> = table({
  makefile: 'makefile',
  gnumakefile: 'makefile',
  dockerfile: 'dockerfile',
  containerfile: 'dockerfile',
  'cmakelists.txt': 'cmake',
  gemfile: 'ruby',
  rakefile: 'ruby',
  podfile: 'ruby',
  vagrantfile: 'ruby',
  jenkinsfile: 'groovy',
  'build.gradle': 'groovy',
  '.gitignore': 'ignore',
  '.dockerignore': 'ignore',
  '.bashrc': 'shellscript',
  '.zshrc': 'shellscript',
  '.profile': 'shellscript',
  'package.json': 'json',
  'tsconfig.json': 'jsonc',
  '.editorconfig': 'properties',
});

const BY_INTERPRETER: ReadonlyMap<string, string> = table({
  node: 'javascript',
  nodejs: 'javascript',
  deno: 'typescript',
  bun: 'javascript',
  'ts-node': 'typescript',
  tsx: 'typescript',
  python: 'python',
  ruby: 'ruby',
  perl: 'perl',
  php: 'php',
  lua: 'lua',
  sh: 'shellscript',
  bash: 'shellscript',
  zsh: 'shellscript',
  dash: 'shellscript',
  ksh: 'shellscript',
  fish: 'fish',
  pwsh: 'powershell',
  rscript: 'r',
  julia: 'julia',
  elixir: 'elixir',
  swift: 'swift',
  groovy: 'groovy',
  scala: 'scala',
  make: 'makefile',
});

/** Extensions that some name in BY_FILE_NAME ends with: only those names need the whole-name lookup. */
const NAMED_EXTENSIONS = new Set(
  [...BY_FILE_NAME.keys()].flatMap((name) => (name.lastIndexOf('.') > 0 ? [name.slice(name.lastIndexOf('.') + 1)] : [])),
);
const DOCKERFILE_DOT = 'dockerfile.';

/** Language id from the file name alone, or undefined when the extension is unknown. */
export function languageFromPath(path: string): string | undefined {
  // The workspace summary asks for every file: most names are decided by a short extension
  // alone, without copying and lower-casing the whole name.
  const start = path.lastIndexOf('/') + 1;
  const dot = path.lastIndexOf('.');
  if (dot > start && (path.charCodeAt(start) | 32) !== DOCKERFILE_DOT.charCodeAt(0)) {
    const extension = path.slice(dot + 1).toLowerCase();
    if (!NAMED_EXTENSIONS.has(extension)) return BY_EXTENSION.get(extension);
  }
  const name = path.slice(start).toLowerCase();
  const byName = BY_FILE_NAME.get(name);
  if (byName) return byName;
  if (name.startsWith(DOCKERFILE_DOT)) return 'dockerfile';
  const nameDot = name.lastIndexOf('.');
  return nameDot > 0 ? BY_EXTENSION.get(name.slice(nameDot + 1)) : undefined;
}

/** Language id from a `#!` line: `#!/usr/bin/env python3`, `#!/bin/bash -e`, `#!/usr/bin/env -S node --flag`. */
export function languageFromShebang(firstLine: string): string | undefined {
  const match = /^#!\s*(\S+)(.*)$/.exec(firstLine);
  if (!match) return undefined;
  let program = match[1].slice(match[1].lastIndexOf('/') + 1);
  if (program === 'env') {
    const words = match[2]
      .trim()
      .split(/\s+/)
      .filter((word) => !word.startsWith('-'));
    program = words[0] ?? '';
  }
  // python3.12 → python, ruby2.7 → ruby
  const base = program.toLowerCase().replace(/[\d.]+$/, '');
  return BY_INTERPRETER.get(base);
}

/** Language id for a file: extension or name first, then shebang, else "text" ("binary" for binary files). */
export function detectLanguage(path: string, head: { binary: boolean; firstLine: string }): string {
  if (head.binary) return 'binary';
  return languageFromPath(path) ?? languageFromShebang(head.firstLine) ?? 'text';
}
