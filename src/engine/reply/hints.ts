// What the model is told when its reply has the wrong language or shape. Each message names
// what happened and the next step, in our REPL's terms.

export const PYTHON_HINT =
  'This REPL runs JavaScript, not Python. Translate: len(x) → x.length, f"{a} b" → `${a} b`, x[:1000] → x.slice(0, 1000), ' +
  'for x in y: → for (const x of y) { … }, d.items() → Object.entries(d), True/False/None → true/false/null, ' +
  'import … → nothing (the REPL functions are globals), llm_query(p) → await llm(p, context).';

export const SHELL_HINT =
  'There is no shell here, only a JavaScript REPL: use grep(pattern), glob(pattern), ls(dir), tree() and read(path) in a ```js block.';

/** The official Python RLM's names, and ours. Not aliases: `context` is a name models use for their own variables, and these
 * Python functions are synchronous while ours return Promises, so a silent alias would hide the missing `await`. */
const RLM_NAMES: Record<string, string> = {
  llm_query: "llm_query is the Python RLM's name; here it is `await llm(prompt, context?)`, which returns a Promise: always await it.",
  llm_query_batched:
    "llm_query_batched is the Python RLM's name; here run sub-calls together with `await Promise.all(prompts.map((p) => llm(p)))`.",
  rlm_query:
    'rlm_query is the Python RLM\'s name; here it is `await rlm(prompt, {paths: ["src/dir"]})`: a sub-RLM with its own REPL over those files.',
  rlm_query_batched: "rlm_query_batched is the Python RLM's name; here use `await Promise.all(questions.map((q) => rlm(q, {paths})))`.",
  context:
    'There is no `context` variable: the workspace is a read-only file tree. Explore it with tree(), glob(), grep() and read(path); the question is in `query`.',
  SHOW_VARS: 'There is no SHOW_VARS(): your variables are globals, so print(Object.keys(globalThis)) lists them.',
};

const PYTHON_BUILTINS = new Set([
  'len',
  'str',
  'int',
  'float',
  'range',
  'enumerate',
  'True',
  'False',
  'None',
  'isinstance',
  'sorted',
  'dict',
  'tuple',
  'zip',
  'open',
  'elif',
  'def',
]);

const PYTHON_SYNTAX = [
  /^\s*(def|class)\s+\w+[^{]*:\s*$/m, // def f(x):
  /^\s*(for|while|if|elif|else|with|try|except)\b[^{}]*:\s*(#.*)?$/m, // for x in y:
  /\bf(["'])[^"'\n]*\{[^}\n]*\}[^"'\n]*\1/, // f"{x}"
  /\[\s*-?[\w.]*\s*:\s*-?[\w.]*\s*\]/, // x[:1000]
  /^\s*(import\s+[\w.]+\s*$|from\s+[\w.]+\s+import\b)/m, // import re / from x import y
];

export function looksLikePython(code: string): boolean {
  return PYTHON_SYNTAX.some((pattern) => pattern.test(code));
}

/** A hint to add after a cell's error, when the error shows a habit from Python or the Python RLM (V8's and QuickJS's wording). */
export function hintForCellError(code: string, error: string): string | undefined {
  const undefinedName = /ReferenceError: ([\w$]+) is not defined/.exec(error)?.[1];
  if (undefinedName && RLM_NAMES[undefinedName]) return RLM_NAMES[undefinedName];
  const answerDict = /answer\s*\[\s*["'](content|ready)["']\s*\]\s*=/.test(code);
  if (
    answerDict &&
    (undefinedName === 'answer' || /of undefined \(setting '(content|ready)'\)|set property '(content|ready)' of undefined/.test(error))
  ) {
    return 'There is no `answer` dict to fill in here: end the run with FINAL(text) (or FINAL_VAR("name")) once you have seen the output you need.';
  }
  if (undefinedName && PYTHON_BUILTINS.has(undefinedName)) return PYTHON_HINT;
  if (/^SyntaxError/.test(error) && looksLikePython(code)) return PYTHON_HINT;
  if (/\.(append|extend) is not a function/.test(error)) return 'JavaScript arrays use push(...) (and push(...other) to extend).';
  return undefined;
}
