// Past runs of one workspace, newest first, persisted in that workspace's state (VS Code keys
// workspaceState by the workspace, so another window's runs never show here) and bounded: at most
// `maxRuns` entries and a JSON size bound that trims trees before entries (historyBound.ts).
import type { OutcomeStatus } from '../../protocol/messages.js';
import { folderInRoot } from '../workspacePaths.js';
import { DEFAULT_BOUND, fitToBound, type HistoryBound } from './historyBound.js';
import type { RunRecord } from './runRecord.js';

/** The part of vscode.Memento the history uses. */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export interface RunHistoryOptions {
  maxRuns?: number;
  bound?: HistoryBound;
}

export const HISTORY_KEY = 'rlm.history';

export class RunHistory {
  private readonly maxRuns: number;
  private readonly bound: HistoryBound;

  constructor(
    private readonly memento: MementoLike,
    options: RunHistoryOptions = {},
  ) {
    this.maxRuns = options.maxRuns ?? 50;
    this.bound = options.bound ?? DEFAULT_BOUND;
  }

  list(): RunRecord[] {
    return readRuns(this.memento);
  }

  get(id: string): RunRecord | undefined {
    return this.list().find((r) => r.id === id);
  }

  async add(record: RunRecord): Promise<void> {
    await this.save([record, ...this.list().filter((r) => r.id !== record.id)]);
  }

  async clear(): Promise<void> {
    await this.memento.update(HISTORY_KEY, undefined);
  }

  /**
   * Moves the runs of this workspace out of the history older versions kept for every window
   * (in globalState): those whose folders all lie inside `folders`. The others stay for their own
   * workspace to take.
   */
  async adoptShared(shared: MementoLike, folders: readonly string[]): Promise<void> {
    const legacy = readRuns(shared);
    const ours = legacy.filter(
      (r) => r.roots.length > 0 && r.roots.every((root) => folders.some((f) => folderInRoot(root.path, f) !== undefined)),
    );
    if (ours.length === 0) return;
    const ids = new Set(ours.map((r) => r.id));
    const mine = this.list();
    await this.save([...mine, ...ours.filter((r) => !mine.some((m) => m.id === r.id))].sort((a, b) => b.startedMs - a.startedMs));
    const rest = legacy.filter((r) => !ids.has(r.id));
    await shared.update(HISTORY_KEY, rest.length ? rest : undefined);
  }

  private async save(runs: RunRecord[]): Promise<void> {
    await this.memento.update(HISTORY_KEY, fitToBound(runs.slice(0, this.maxRuns), this.bound));
  }
}

function readRuns(memento: MementoLike): RunRecord[] {
  const stored = memento.get<unknown>(HISTORY_KEY);
  return Array.isArray(stored) ? stored.filter(isStored).map(upgrade) : [];
}

/** A run as stored, older versions included: they wrote 'error' for 'failed', and a `partial` flag. */
type StoredRun = Omit<RunRecord, 'status'> & { status: OutcomeStatus | 'error'; partial?: boolean };

const STORED_STATUSES: ReadonlySet<unknown> = new Set<StoredRun['status']>(['done', 'partial', 'cancelled', 'failed', 'error']);

/** Older versions kept the tree of the newest 5 runs only. */
export const TREE_NOT_KEPT_NOTE = 'The call tree of this run was not kept (older versions kept only the newest 5 trees).';

function upgrade({ partial: _partial, status, ...run }: StoredRun): RunRecord {
  return {
    ...run,
    status: status === 'error' ? 'failed' : status,
    ...(run.trace === undefined && run.traceNote === undefined ? { traceNote: TREE_NOT_KEPT_NOTE } : {}),
  };
}

function isStored(value: unknown): value is StoredRun {
  const r = value as Partial<StoredRun> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.id === 'string' &&
    typeof r.question === 'string' &&
    typeof r.answer === 'string' &&
    Array.isArray(r.roots) &&
    STORED_STATUSES.has(r.status)
  );
}
