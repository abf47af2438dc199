// The cap on what one turn sends back: all cells of a reply together (the sandbox caps each
// cell on its own). Short pieces (notices, errors) stay whole; the long ones share what is
// left equally, each keeping its head and its tail, as the per-cell cap does.
import { formatCount } from './window.js';

const SEPARATOR = '\n\n';
const HEAD_SHARE = 0.8;

export function capTurn(parts: readonly string[], maxChars: number): string[] {
  const total = parts.reduce((n, p) => n + p.length, 0) + SEPARATOR.length * Math.max(0, parts.length - 1);
  if (total <= maxChars) return [...parts];
  const marker = (cut: number) =>
    `\n… [turn output cut: ${formatCount(cut)} characters not shown; all cells of one reply send back at most ${formatCount(maxChars)} characters together — print less, or keep data in variables and print slices] …\n`;
  // Water-filling: the shortest pieces are served first; what they leave is shared by the rest.
  let room = maxChars - SEPARATOR.length * Math.max(0, parts.length - 1);
  const order = parts.map((_, i) => i).sort((a, b) => parts[a]!.length - parts[b]!.length);
  const allowed = new Array<number>(parts.length);
  order.forEach((index, rank) => {
    const share = Math.floor(room / (order.length - rank));
    allowed[index] = Math.min(parts[index]!.length, share);
    room -= allowed[index]!;
  });
  return parts.map((part, i) => {
    if (part.length <= allowed[i]!) return part;
    const keep = Math.max(0, allowed[i]! - marker(part.length).length);
    const head = Math.ceil(keep * HEAD_SHARE);
    const tail = keep - head;
    return part.slice(0, head) + marker(part.length - keep) + (tail > 0 ? part.slice(part.length - tail) : '');
  });
}
