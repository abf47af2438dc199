// Shared scoring for the oracle tests: how many of the oracle's definitions our symbols contain
// (same name, same start line), and how many of those also end on the same line.
import type { SymbolInfo } from '../../src/symbols/types.js';

const SAMPLES = 15;

export interface OracleDefinition {
  name: string;
  startLine: number;
  endLine: number;
  kind: string;
}

export interface Score {
  files: number;
  definitions: number;
  found: number;
  exact: number;
  /** Oracle definitions per kind. */
  kinds: Record<string, number>;
  /** A few misses and inexact ones, to show what falls short. */
  missing: string[];
  inexact: string[];
}

export function emptyScore(): Score {
  return { files: 0, definitions: 0, found: 0, exact: 0, kinds: {}, missing: [], inexact: [] };
}

/** Adds one file's comparison to the score. */
export function scoreFile(score: Score, path: string, oracle: OracleDefinition[], ours: SymbolInfo[]): void {
  const byKey = new Map<string, SymbolInfo[]>();
  for (const s of ours) {
    const key = `${s.name}:${s.startLine}`;
    byKey.set(key, [...(byKey.get(key) ?? []), s]);
  }
  score.files++;
  for (const d of oracle) {
    score.definitions++;
    score.kinds[d.kind] = (score.kinds[d.kind] ?? 0) + 1;
    const candidates = byKey.get(`${d.name}:${d.startLine}`);
    if (!candidates) {
      if (score.missing.length < SAMPLES) score.missing.push(`missing ${d.kind} ${d.name} ${path}:${d.startLine}`);
      continue;
    }
    score.found++;
    if (candidates.some((s) => s.endLine === d.endLine)) score.exact++;
    else if (score.inexact.length < SAMPLES)
      score.inexact.push(
        `end ${d.kind} ${d.name} ${path}:${d.startLine} oracle ${d.endLine} ours ${candidates.map((s) => s.endLine).join('/')}`,
      );
  }
}

export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : (100 * part) / whole;
}

export function report(label: string, score: Score, seconds: number): string {
  return [
    `${label}: ${score.definitions} definitions in ${score.files} files, ` +
      `found ${percent(score.found, score.definitions).toFixed(2)}% (${score.found}), ` +
      `exact start+end ${percent(score.exact, score.definitions).toFixed(2)}% (${score.exact}), ${seconds.toFixed(1)} s`,
    `  by kind: ${Object.entries(score.kinds)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ')}`,
    ...[...score.missing, ...score.inexact].map((s) => `  ${s}`),
  ].join('\n');
}
