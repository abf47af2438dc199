// Past runs, newest first, persisted in globalState and bounded: at most `maxRuns` entries, and
// only the newest `maxTraces` keep their call tree (traces are what make the history big).
import type { OutcomeStatus } from '../../protocol/messages.js';
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
    return Array.isArray(stored) ? stored.filter(isStored).map(upgrade) : [];
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

/** A run as stored, older versions included: they wrote 'error' for 'failed', and a `partial` flag. */
type StoredRun = Omit<RunRecord, 'status'> & { status: OutcomeStatus | 'error'; partial?: boolean };

const STORED_STATUSES: ReadonlySet<unknown> = new Set<StoredRun['status']>(['done', 'partial', 'cancelled', 'failed', 'error']);

function upgrade({ partial: _partial, status, ...run }: StoredRun): RunRecord {
  return { ...run, status: status === 'error' ? 'failed' : status };
}

function isStored(value: unknown): value is StoredRun {
  const r = value as Partial<StoredRun> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.id === 'string' &&
    typeof r.question === 'string' &&
    typeof r.answer === 'string' &&
    STORED_STATUSES.has(r.status)
  );
}
