// Finds the marker lines of a text in one pass: an Aho–Corasick automaton over ASCII with letters
// folded, so every marker is looked for at once. V8 runs one regular expression of ~60
// alternatives several times slower (it tries each alternative at every position), and the
// scan is most of what redaction costs on a file without credentials.
import { MARKERS, type Marker, type Then } from './markers.js';

/** A line holding a marker: offsets of its first character and of its end (its "\n" or the text's end). */
export interface LineSpan {
  from: number;
  to: number;
}

export interface MarkerScan {
  lines: LineSpan[];
  /** A marker that a secretlint rule needs is among them. */
  secretlint: boolean;
  /** Private-key armor is among them. */
  armor: boolean;
}

const ASCII = 128;
const NAME_CHARS = /[A-Za-z0-9_.-]*/y;
const ASSIGNED = /["']?\]?[^\S\n]*[:=]/y;
const AT_LINE_END = /["']?[^\S\n]*(?:\n|$)/y;
const AWS_SECRET_NAME = /^_?access_?key$/i;
const ACCOUNT_ID = /_?(?:ID|id|Id)?["']?[^\S\n]*(?:[:=]|\n|$)/y;
const USERINFO_CHARS = /[^\s/]*/y;

export class MarkerScanner {
  /**
   * Transitions, state × 128 + ASCII code → next state × 128; stored as its bitwise NOT (negative)
   * when a marker ends in that state, so the loop tests one sign for the rare case.
   */
  private readonly next: Int32Array;
  /** Per state, the markers that end there (by index); empty for most. */
  private readonly ends: number[][];

  constructor(private readonly markers: readonly Marker[] = MARKERS) {
    const trie: Array<Map<number, number>> = [new Map()];
    const ends: number[][] = [[]];
    markers.forEach((marker, index) => {
      let state = 0;
      for (const char of marker.text.toLowerCase()) {
        const code = char.charCodeAt(0);
        if (code >= ASCII) throw new Error(`marker ${marker.text} is not ASCII`);
        let child = trie[state].get(code);
        if (child === undefined) {
          child = trie.length;
          trie.push(new Map());
          ends.push([]);
          trie[state].set(code, child);
        }
        state = child;
      }
      ends[state].push(index);
    });
    // Breadth first, so a state's failure link (a shorter state) is complete before the state.
    const next = new Int32Array(trie.length * ASCII);
    const fail = new Int32Array(trie.length);
    const queue = [0];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      if (state !== 0) ends[state].push(...ends[fail[state]]);
      for (let code = 0; code < ASCII; code++) {
        const folded = fold(code);
        const child = trie[state].get(folded);
        const fallback = state === 0 ? 0 : next[fail[state] * ASCII + code];
        next[state * ASCII + code] = child ?? fallback;
        if (child !== undefined && folded === code) {
          fail[child] = fallback;
          queue.push(child);
        }
      }
    }
    for (let i = 0; i < next.length; i++) next[i] = ends[next[i]].length ? ~(next[i] * ASCII) : next[i] * ASCII;
    this.next = next;
    this.ends = ends;
  }

  scan(text: string): MarkerScan {
    const result: MarkerScan = { lines: [], secretlint: false, armor: false };
    const follows = new FollowChecks(text);
    const { next, ends, markers } = this;
    let lineEnd = -1;
    let state = 0;
    for (let i = 0, length = text.length; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code >= ASCII) {
        state = 0; // no marker holds a non-ASCII character
        continue;
      }
      state = next[state + code];
      if (state >= 0) continue;
      state = ~state;
      const found = ends[state / ASCII];
      for (const index of found) {
        const marker = markers[index];
        const onMarkedLine = i < lineEnd;
        // On a line already taken, only a marker that adds a flag needs its check.
        if (onMarkedLine && !(marker.secretlint && !result.secretlint) && !(marker.armor && !result.armor)) continue;
        const start = i + 1 - marker.text.length;
        if (marker.caseSensitive && !text.startsWith(marker.text, start)) continue;
        if (marker.then && !follows.check(marker.then, i + 1)) continue;
        result.secretlint ||= marker.secretlint;
        result.armor ||= marker.armor === true;
        if (!onMarkedLine) {
          const newline = text.indexOf('\n', i);
          lineEnd = newline < 0 ? text.length : newline;
          result.lines.push({ from: text.lastIndexOf('\n', start) + 1, to: lineEnd });
        }
      }
    }
    return result;
  }
}

/**
 * The `then` conditions of markers.ts. Name and URL conditions read a run of characters (name
 * characters, or non-spaces) and what ends it; markers inside the same run share the answer,
 * so a long line of base64 holding many "pwd"s is read once, not once per "pwd".
 */
class FollowChecks {
  private name = { from: -1, to: -1, assigned: false, atLineEnd: false };
  private userinfoRun = { from: -1, to: -1, lastAt: -1 };

  constructor(private readonly text: string) {}

  check(then: Then, at: number): boolean {
    switch (then) {
      case 'assignment':
        return this.nameRun(at).assigned;
      case 'secret': {
        const run = this.nameRun(at);
        return run.assigned || (run.atLineEnd && run.to - at <= 12 && AWS_SECRET_NAME.test(this.text.slice(at, run.to)));
      }
      case 'account':
        return sticky(ACCOUNT_ID, this.text, at);
      case 'userinfo':
        return this.userinfo(at);
    }
  }

  private nameRun(at: number): { to: number; assigned: boolean; atLineEnd: boolean } {
    if (at < this.name.from || at > this.name.to) {
      NAME_CHARS.lastIndex = at;
      NAME_CHARS.test(this.text);
      const to = NAME_CHARS.lastIndex;
      this.name = { from: at, to, assigned: sticky(ASSIGNED, this.text, to), atLineEnd: sticky(AT_LINE_END, this.text, to) };
    }
    return this.name;
  }

  private userinfo(at: number): boolean {
    const run = this.userinfoRun;
    if (at < run.from || at > run.to) {
      USERINFO_CHARS.lastIndex = at;
      USERINFO_CHARS.test(this.text);
      const to = USERINFO_CHARS.lastIndex;
      this.userinfoRun = { from: at, to, lastAt: this.text.lastIndexOf('@', to - 1) };
    }
    return this.userinfoRun.lastAt >= at;
  }
}

function sticky(pattern: RegExp, text: string, at: number): boolean {
  pattern.lastIndex = at;
  return pattern.test(text);
}

function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

// Built on the first scan, not when the module loads: a process that redacts nothing (a warm
// `rlm exec`, the way to a first request) does not pay for the automaton.
let scanner: MarkerScanner | undefined;

/** The marker lines of `text` (see markers.ts), in order, and what kinds of marker they hold. */
export function scanMarkers(text: string): MarkerScan {
  scanner ??= new MarkerScanner();
  return scanner.scan(text);
}
