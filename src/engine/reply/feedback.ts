// The next message's wording when a reply could not simply run: each says what happened and
// what to do instead.
import { PYTHON_HINT, SHELL_HINT } from './hints.js';

export const NO_CODE =
  'Your reply had no ```js code block to run. Write one to explore the workspace; once you have seen the output you need, answer with FINAL(answer) — in code, or on its own line in a reply without code.';

export const EMPTY =
  'Your reply was empty (reasoning only, or nothing at all). Write a ```js code block to explore the workspace, or FINAL(answer) once you know it.';

export const EMPTY_RETRY = 'Your last reply came back empty. Reply with a ```js code block (or FINAL(answer) once you know it).';

export const NOBODY_TO_ASK =
  'Nobody can answer questions during the run: the user is not watching it. Make the most reasonable assumption, carry on with a ```js code block, and state the assumption in your final answer.';

export const NO_TOOLS =
  'There are no tools or functions to call here, only code cells: write a ```js code block, and call the REPL functions (grep, read, llm, …) inside it.';

export const CODE_FROM_TOOL_CALL = (name: string) =>
  `[You called a tool "${name}"; there are no tools, only code cells. Its \`code\` argument ran as a JavaScript cell; next time write it in a \`\`\`js block.]`;

export const CUT_OFF =
  'Your reply was cut off at the output-token limit, so its unfinished part (a code block or a FINAL) was not used. Write shorter cells: one step per cell, print summaries instead of building long strings, and keep the final answer to what the question needs.';

export const UNCLOSED = 'Your code block was never closed (no closing ```), so it did not run. Close each block with ``` on its own line.';

export const FINAL_WITH_CODE =
  "Your FINAL(...) in prose was NOT accepted: it came in the same reply as code, so you had not seen that code's output yet. Read the output above; then answer with FINAL(...) in a reply without code, or call FINAL(...) in code.";

export const PLAN_NOT_ANSWER =
  'That FINAL reads like a plan, not an answer. Carry out the steps with code, then FINAL the actual answer with file:line citations.';

/** A python or shell block that was not run, next to code that was, or alone. */
export function foreignBlocks(tags: readonly string[], ranCode: boolean): string | undefined {
  const python = tags.some((t) => t.startsWith('py') || t === 'ipython');
  const hint = python ? PYTHON_HINT : tags.length ? SHELL_HINT : undefined;
  if (!hint) return undefined;
  return ranCode ? `[Your \`\`\`${tags[0]} block was not run.] ${hint}` : `Your \`\`\`${tags[0]} block was not run. ${hint}`;
}

/** A reply that asks the user something instead of working. */
export function asksTheUser(text: string): boolean {
  const lastLine = text.trim().split('\n').pop() ?? '';
  return (
    /\?\s*\**\s*$/.test(lastLine) ||
    /\b(could you (please )?(clarify|specify|confirm|tell me)|would you like me to|do you want me to|please (clarify|specify|confirm|let me know))\b/i.test(
      text,
    )
  );
}
