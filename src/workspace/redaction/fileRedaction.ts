// Redaction of whole files, remembered by size and modification time, so a peek into the middle
// of a private-key block or a grep hit on one line is judged with the whole file in view.
import { redactText } from './redactor.js';

/** A line redaction changed: its text before and after. */
export interface ChangedLine {
  raw: string;
  redacted: string;
}

export interface FileRedaction {
  /** The whole redacted text; undefined when nothing in the file is a credential. */
  text?: string;
  /** Lines redaction changed, by 1-based number. */
  changed: ReadonlyMap<number, ChangedLine>;
}

const CLEAN: FileRedaction = { changed: new Map() };

/** Redacts text and lists the lines that changed; `firstLine` numbers a window of a larger file. */
export async function redactFile(raw: string, path: string, firstLine = 1): Promise<FileRedaction> {
  const text = await redactText(raw, path);
  if (text === raw) return CLEAN;
  const changed = new Map<number, ChangedLine>();
  const before = raw.split('\n');
  const after = text.split('\n'); // redaction keeps every newline, so the lines pair up
  for (let i = 0; i < before.length; i++) {
    if (before[i] !== after[i]) changed.set(firstLine + i, { raw: before[i].replace(/\r$/, ''), redacted: after[i].replace(/\r$/, '') });
  }
  return { text, changed };
}

/** Recently used file redactions; an entry is reused only while size and mtime match. */
export class RedactionCache {
  private readonly entries = new Map<string, { key: string; redaction: Promise<FileRedaction> }>();

  constructor(private readonly maxEntries = 20_000) {}

  get(absPath: string, stamp: { size: number; mtimeMs: number }, path: string, load: () => Promise<string>): Promise<FileRedaction> {
    const key = `${stamp.size}:${stamp.mtimeMs}`;
    const hit = this.entries.get(absPath);
    this.entries.delete(absPath);
    if (hit && hit.key === key) {
      this.entries.set(absPath, hit); // re-insert: Map order is the LRU order
      return hit.redaction;
    }
    const redaction = load().then((raw) => redactFile(raw, path));
    const entry = { key, redaction };
    this.entries.set(absPath, entry);
    redaction.catch(() => {
      if (this.entries.get(absPath) === entry) this.entries.delete(absPath);
    });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return redaction;
  }

  clear(): void {
    this.entries.clear();
  }
}
