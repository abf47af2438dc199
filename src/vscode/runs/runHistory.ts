// Past runs, newest first, persisted in globalState and bounded: at most `maxRuns` entries, and
// only the newest `maxTraces` keep their call tree (traces are what make the history big).
import type { RunRecord } from './runRecord.js';

/** The part of vscode.Memento the history uses. */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export interface RunHistoryOptions {
  maxRuns?: number;
  maxTraces?: number;
}

const KEY = 'rlm.history';

export class RunHistory {
  private readonly maxRuns: number;
  private readonly maxTraces: number;

  constructor(
    private readonly memento: MementoLike,
    options: RunHistoryOptions = {},
  ) {
    this.maxRuns = options.maxRuns ?? 30;
    this.maxTraces = options.maxTraces ?? 5;
  }

  list(): RunRecord[] {
    const stored = this.memento.get<unknown>(KEY);
    return Array.isArray(stored) ? stored.filter(isRecord) : [];
  }

  get(id: string): RunRecord | undefined {
    return this.list().find((r) => r.id === id);
  }

  async add(record: RunRecord): Promise<void> {
    const runs = [record, ...this.list().filter((r) => r.id !== record.id)].slice(0, this.maxRuns);
    await this.memento.update(
      KEY,
      runs.map((r, i) => (i < this.maxTraces ? r : withoutTrace(r))),
    );
  }

  async clear(): Promise<void> {
    await this.memento.update(KEY, undefined);
  }
}

function withoutTrace(record: RunRecord): RunRecord {
  const rest = { ...record };
  delete rest.trace;
  return rest;
}

function isRecord(value: unknown): value is RunRecord {
  const r = value as Partial<RunRecord> | null;
  return typeof r === 'object' && r !== null && typeof r.id === 'string' && typeof r.question === 'string' && typeof r.answer === 'string';
}
