// Multiple-choice questions over code repositories, LongBench-v2 CodeQA style: one JSON object
// per line, {id, repo, question, choices: {A, B, C, D}, answer}. `repo` is a folder, relative to
// the dataset file or absolute. LongBench's own field names (_id, choice_A … choice_D) are
// accepted too, so a converted LongBench-v2 file only needs a `repo` column.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** A dataset that cannot be used; the message says which line and why. */
export class DatasetError extends Error {}

export const LETTERS = ['A', 'B', 'C', 'D'] as const;
export type Letter = (typeof LETTERS)[number];

export interface EvalQuestion {
  id: string;
  /** Absolute path of the repository folder. */
  repo: string;
  question: string;
  choices: Record<Letter, string>;
  answer: Letter;
}

/** The built-in set: questions with checkable answers over `fixture-repo/`. */
export const BUILTIN_DATASET = join(__dirname, 'builtin.jsonl');

export function loadDataset(file: string): EvalQuestion[] {
  const path = resolve(file);
  if (!existsSync(path)) throw new DatasetError(`dataset not found: ${file}`);
  const questions: EvalQuestion[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      const where = `${file}:${i + 1}`;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (e) {
        throw new DatasetError(`${where}: not JSON (${e instanceof Error ? e.message : String(e)})`);
      }
      questions.push(parseQuestion(raw, where, dirname(path)));
    });
  if (!questions.length) throw new DatasetError(`${file}: no questions`);
  const ids = new Set<string>();
  for (const q of questions) {
    if (ids.has(q.id)) throw new DatasetError(`${file}: the id "${q.id}" appears twice`);
    ids.add(q.id);
  }
  return questions;
}

function parseQuestion(raw: unknown, where: string, baseDir: string): EvalQuestion {
  if (!isRecord(raw)) throw new DatasetError(`${where}: expected a JSON object`);
  const id = raw.id ?? raw._id;
  const { repo, question, answer } = raw;
  if (typeof id !== 'string' && typeof id !== 'number') throw new DatasetError(`${where}: needs an "id"`);
  if (typeof repo !== 'string' || !repo)
    throw new DatasetError(`${where}: needs "repo", the repository folder (relative to the dataset file or absolute)`);
  if (typeof question !== 'string' || !question.trim()) throw new DatasetError(`${where}: needs a "question"`);
  const choicesRaw = isRecord(raw.choices) ? raw.choices : {};
  const choices = {} as Record<Letter, string>;
  for (const letter of LETTERS) {
    const text = choicesRaw[letter] ?? raw[`choice_${letter}`];
    if (typeof text !== 'string') throw new DatasetError(`${where}: needs choices.${letter} (or choice_${letter})`);
    choices[letter] = text;
  }
  const letter = typeof answer === 'string' ? answer.trim().toUpperCase() : '';
  if (!isLetter(letter)) throw new DatasetError(`${where}: "answer" must be one of ${LETTERS.join(', ')}`);
  const repoPath = isAbsolute(repo) ? repo : resolve(baseDir, repo);
  if (!existsSync(repoPath) || !statSync(repoPath).isDirectory())
    throw new DatasetError(`${where}: repository folder not found: ${repoPath}`);
  return { id: String(id), repo: repoPath, question: question.trim(), choices, answer: letter };
}

/** The question with its lettered choices, as both the RLM and the baseline see it. */
export function formatQuestion(q: EvalQuestion): string {
  return `${q.question}\n\nChoices:\n${LETTERS.map((l) => `(${l}) ${q.choices[l]}`).join('\n')}`;
}

/**
 * The letter a reply chose, or undefined when it names none or several. Understands a bare
 * letter ("B", "(B)", "B."), "The correct answer is (B)", "Answer: B", and a reply that starts
 * with a lettered choice ("B. check_stock …").
 */
export function extractLetter(reply: string): Letter | undefined {
  const text = reply.replace(/[*_`"']/g, '').trim();
  const bare = /^\(?([A-D])\)?[.:)]?$/.exec(text);
  if (bare) return bare[1] as Letter;
  const stated = [...text.matchAll(/\b(?:[Aa]nswer|[Cc]hoice|[Oo]ption)(?:\s+is)?\s*[:=-]?\s*\(?([A-D])\)?(?![\w-])/g)];
  if (stated.length) return stated[stated.length - 1][1] as Letter;
  const leading = /^\(?([A-D])[.:)]\s/.exec(text);
  if (leading) return leading[1] as Letter;
  const lines = text.split('\n');
  const last = /^\(?([A-D])\)?[.:)]?$/.exec(lines[lines.length - 1].trim());
  if (last) return last[1] as Letter;
  const bracketed = new Set([...text.matchAll(/\(([A-D])\)/g)].map((m) => m[1]));
  if (bracketed.size === 1) return [...bracketed][0] as Letter;
  return undefined;
}

const isLetter = (value: string): value is Letter => (LETTERS as readonly string[]).includes(value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
