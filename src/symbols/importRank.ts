// Cheap ranking for outline(): files that many other files import come first. The signal comes
// from one grep over import lines (no parsing), so ranking 10,000 files costs about as much as
// one ripgrep pass, and only the files that can fit the outline's budget are parsed afterwards.

// Import-like lines, ASCII classes only: rg's Unicode \s, \w and \b make the scan several times slower.
const FROM_IMPORT = String.raw`^[ \t]*from[ \t]+[^ \t]+[ \t]+import[ \t]`;
const IMPORT = String.raw`^[ \t]*import[ \t]+[A-Za-z0-9_.*{"']`;
const QUOTED_IMPORT = String.raw`(?:from|require|require_relative|import)[ \t]*\(?[ \t]*['"][^'"]+['"]`;
const INCLUDE = String.raw`^[ \t]*#[ \t]*include[ \t]*["<]`;
const USE = String.raw`^[ \t]*(?:pub[ \t]+)?(?:use|mod|using)[ \t]+[A-Za-z0-9_:\\.]+`;

/**
 * Each language's import lines: Python `import` / `from … import`, JS/TS `from '…'`,
 * `require('…')`, `import('…')`, C/C++ `#include`, Rust `use` / `mod`, Java `import`, C#
 * `using`, PHP `use` / `require '…'`, Ruby `require`, Go `import "…"` (not the lines of an import
 * block: a pattern for a bare quoted line would test every line with a quote in it). Only a
 * file's own language's forms count: prose such as "data from 'x'" in a Python docstring is no import.
 */
const IMPORT_FORMS: Readonly<Record<string, readonly string[]>> = {
  python: [FROM_IMPORT, IMPORT],
  javascript: [IMPORT, QUOTED_IMPORT],
  javascriptreact: [IMPORT, QUOTED_IMPORT],
  typescript: [IMPORT, QUOTED_IMPORT],
  typescriptreact: [IMPORT, QUOTED_IMPORT],
  go: [IMPORT],
  java: [IMPORT],
  c: [INCLUDE],
  cpp: [INCLUDE],
  csharp: [USE],
  rust: [USE],
  php: [USE, QUOTED_IMPORT],
  ruby: [QUOTED_IMPORT],
};
const EVERY_FORM = [FROM_IMPORT, IMPORT, QUOTED_IMPORT, INCLUDE, USE];

const formsOf = (language: string): readonly string[] => IMPORT_FORMS[language] ?? EVERY_FORM;

/** The rg pattern for the import lines of files in these languages: one grep covers them all. */
export function importLinePattern(languages: Iterable<string>): string {
  const forms = new Set<string>();
  for (const language of languages) for (const form of formsOf(language)) forms.add(form);
  return [...forms].join('|');
}

const lineTests = new Map<string, RegExp>();

/** True when `line`, found by a grep that covered several languages, is an import line in `language`. */
export function isImportLine(language: string, line: string): boolean {
  let test = lineTests.get(language);
  if (!test) lineTests.set(language, (test = new RegExp(formsOf(language).join('|'))));
  return test.test(line);
}

const TOKEN = /[\p{L}_$][\p{L}\p{N}_$-]*/gu;
/** Words of import syntax, not module names. */
const SYNTAX = new Set([
  'from',
  'import',
  'as',
  'require',
  'require_relative',
  'use',
  'pub',
  'mod',
  'using',
  'include',
  'static',
  'type',
  'typeof',
  'crate',
  'self',
  'super',
  'h',
  'hpp',
  'js',
  'ts',
  'py',
]);
/** File stems that stand for their folder: `pkg/__init__.py` is imported as `pkg`. */
const FOLDER_STEMS = new Set(['__init__', 'index', 'mod', 'lib']);

/** A quoted or bracketed import path: `'../core/util.js'`, `<sys/types.h>`. */
const QUOTED = /['"<]([^'"<>\s]+)['">]/g;
/** Marks a folder named on the way to a module: context for pick(), not a module name. */
const FOLDER_MARK = '/';

/**
 * The module-name words an import line mentions (each once). In a quoted path only the last
 * segment names a module; the folders before it come back marked with a leading "/".
 */
export function importTokens(line: string): string[] {
  const tokens = new Set<string>();
  const bare = line.replace(QUOTED, (_, path: string) => {
    const segments = path.split('/').filter((segment) => segment !== '.' && segment !== '..');
    const last = segments.pop() ?? '';
    const module = [...last.split('.')[0]!.matchAll(TOKEN)].at(-1)?.[0];
    if (module && !SYNTAX.has(module)) tokens.add(module);
    for (const folder of segments) for (const [word] of folder.matchAll(TOKEN)) tokens.add(FOLDER_MARK + word);
    return ' ';
  });
  for (const [token] of bare.matchAll(TOKEN)) if (!SYNTAX.has(token)) tokens.add(token);
  return [...tokens];
}

/** The name other files import this file by: its stem, or its folder's name for `__init__.py`, `index.ts`, … */
export function moduleName(path: string): string {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const dot = base.indexOf('.', 1);
  const stem = dot > 0 ? base.slice(0, dot) : base;
  if (!FOLDER_STEMS.has(stem) || slash < 0) return stem;
  const parent = path.slice(path.lastIndexOf('/', slash - 1) + 1, slash);
  return parent || stem;
}

export interface RankInput {
  path: string;
  size: number;
  /** Module-name words of this file's import lines. */
  imports: readonly string[];
}

/**
 * Orders files by how many other files import them, then larger files, then shallower paths.
 * A name several files share is credited, for each importer, to the owners in the importer's
 * own folder (relative imports), else to those whose folder the import also names
 * (`from sympy.core import symbol`), else to the shallowest ones; split evenly between them.
 */
export function rankByImports(files: readonly RankInput[]): string[] {
  const owners = ownersByName(files);
  // Importers that credit the same owner list are counted first and shared out once at the end:
  // a name with hundreds of owners (`utils`, `core`) then costs one pass over them, not one per importer.
  const credits = new Map<readonly string[], number>();
  const score = new Map<string, number>();
  const add = (path: string, credit: number) => score.set(path, (score.get(path) ?? 0) + credit);
  for (const importer of files) {
    const dir = folderOf(importer.path);
    const own = moduleName(importer.path);
    let words: Set<string> | undefined;
    for (const token of importer.imports) {
      const group = token.startsWith(FOLDER_MARK) ? undefined : owners.get(token);
      if (!group) continue;
      words ??= new Set(importer.imports.map((word) => (word.startsWith(FOLDER_MARK) ? word.slice(1) : word)));
      const credited = group.all.length === 1 ? group.all : pick(group, dir, words);
      if (token === own && credited.includes(importer.path)) {
        const others = credited.filter((path) => path !== importer.path);
        for (const path of others) add(path, 1 / others.length);
      } else {
        credits.set(credited, (credits.get(credited) ?? 0) + 1);
      }
    }
  }
  for (const [paths, count] of credits) for (const path of paths) add(path, count / paths.length);
  // Rounded, so equal shares summed in a different order still tie (and the tie-breaks decide).
  const keyed = files.map((file) => ({ file, score: Math.round((score.get(file.path) ?? 0) * 1e6), depth: segmentCount(file.path) }));
  keyed.sort((a, b) => b.score - a.score || b.file.size - a.file.size || a.depth - b.depth || (a.file.path < b.file.path ? -1 : 1));
  return keyed.map((k) => k.file.path);
}

function ownersByName(files: readonly RankInput[]): Map<string, Owners> {
  const owners = new Map<string, Owners>();
  for (const file of files) {
    const name = moduleName(file.path);
    let group = owners.get(name);
    if (!group)
      owners.set(name, (group = { all: [], byFolder: new Map(), byFolderName: new Map(), shallowest: [], shallowestDepth: Infinity }));
    const folder = moduleFolder(file.path, name);
    group.all.push(file.path);
    push(group.byFolder, folder, file.path);
    if (folder) push(group.byFolderName, folder.slice(folder.lastIndexOf('/') + 1), file.path);
    const depth = folder ? segmentCount(folder) : 0;
    if (depth < group.shallowestDepth) {
      group.shallowest = [file.path];
      group.shallowestDepth = depth;
    } else if (depth === group.shallowestDepth) group.shallowest.push(file.path);
  }
  return owners;
}

function segmentCount(path: string): number {
  let count = 1;
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) count++;
  return count;
}

/** The files that share one module name, indexed for pick(). */
interface Owners {
  all: string[];
  byFolder: Map<string, string[]>;
  /** By the last segment of the module's folder. */
  byFolderName: Map<string, string[]>;
  shallowest: string[];
  shallowestDepth: number;
}

function pick(owners: Owners, importerDir: string, words: ReadonlySet<string>): readonly string[] {
  const siblings = owners.byFolder.get(importerDir);
  if (siblings) return siblings;
  const named: string[][] = [];
  if (words.size < owners.byFolderName.size) {
    for (const word of words) {
      const paths = owners.byFolderName.get(word);
      if (paths) named.push(paths);
    }
  } else {
    for (const [folder, paths] of owners.byFolderName) if (words.has(folder)) named.push(paths);
  }
  // One folder named (the usual case): its own list, so importers that pick it are counted together.
  return named.length === 0 ? owners.shallowest : named.length === 1 ? named[0]! : named.flat();
}

function push(map: Map<string, string[]>, key: string, path: string): void {
  const list = map.get(key);
  if (list) list.push(path);
  else map.set(key, [path]);
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The folder that holds the module: for `pkg/__init__.py` the folder above `pkg`. */
function moduleFolder(path: string, name: string): string {
  const folder = folderOf(path);
  return folder && name === folder.slice(folder.lastIndexOf('/') + 1) && name !== path.slice(folder.length + 1).split('.')[0]
    ? folderOf(folder)
    : folder;
}
