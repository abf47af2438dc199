// Resolves the name slice() is given: "method", "Class.method" or a qualified tail of it.
import type { ExtractedSymbol } from './types.js';

export interface FoundSymbol {
  symbol?: ExtractedSymbol;
  /** Hint for the model: other candidates, or close names when nothing matched. */
  note?: string;
}

const qualified = (s: ExtractedSymbol) => (s.container ? `${s.container}.${s.name}` : s.name);

export function findSymbol(symbols: readonly ExtractedSymbol[], name: string): FoundSymbol {
  const exact = symbols.filter((s) => qualified(s) === name);
  const candidates = exact.length
    ? exact
    : symbols.filter((s) => (name.includes('.') ? qualified(s).endsWith(`.${name}`) : s.name === name));
  const [symbol, ...others] = candidates;
  if (!symbol) {
    const close = closeNames(symbols, name);
    return { note: close.length ? `close matches: ${close.join(', ')}` : 'call symbols(path) to see what the file defines' };
  }
  if (!others.length) return { symbol };
  const where = others.map((s) => `${qualified(s)} (line ${s.startLine})`).join(', ');
  return { symbol, note: `${others.length} other symbol(s) named "${name}": ${where}; pass "Container.name" to pick one` };
}

function closeNames(symbols: readonly ExtractedSymbol[], name: string): string[] {
  const wanted = name.toLowerCase().split('.').pop() ?? '';
  const scored = symbols
    .map((s) => ({
      label: `${qualified(s)} (${s.kind}, line ${s.startLine})`,
      distance: editDistance(s.name.toLowerCase(), wanted),
      contains: s.name.toLowerCase().includes(wanted) || wanted.includes(s.name.toLowerCase()),
    }))
    .filter((c) => c.contains || c.distance <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.distance - b.distance);
  return scored.slice(0, 5).map((c) => c.label);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
