// The extension's runs, for every surface (palette, folder menu, chat, panel): starts a question
// through the Node hosts' composition root (src/host/question.ts) with the user's settings,
// bridges cancellation tokens, forwards trace events to listeners, keeps the running ones for a
// panel that opens mid-run and records each finished run in the history. No vscode import: the
// surfaces hand in folders, settings, models and cancellation tokens.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { workspaceKey, type WorkspaceOptions } from '../../host/workspace.js';
import type { RunSummary } from '../../protocol/messages.js';
import type { TraceEvent, TraceNode } from '../../protocol/trace.js';
import { SandboxEngines, type SandboxEnginesOptions } from '../../sandbox/createSandbox.js';
import type { TreeCache } from '../../workspace/treeCache.js';
import type { Logger } from '../log.js';
import type { ChosenModels } from '../models/chooseModels.js';
import type { RlmSettings } from '../settings.js';
import type { MountedRoot } from '../workspacePaths.js';
import { abortOnCancel, type CancellationLike } from './abortBridge.js';
import { Conversations, type PreviousRun } from './conversations.js';
import type { RunHistory } from './runHistory.js';
import type { RunRecord } from './runRecord.js';
import { TraceNodes } from './traceNodes.js';

export interface RunRequest {
  question: string;
  /** Folders the model sees: every workspace folder, or the one the folder command was run on. */
  roots: MountedRoot[];
  /** The folder the question is about (the explorer action, /folder); absent for the whole workspace. */
  scope?: string;
  settings: RlmSettings;
  models: ChosenModels;
  /** Cancels the run (progress notification, chat). */
  token?: CancellationLike;
  /** The run this question follows up on: its conversation goes on (its REPL variables, its answer). */
  previous?: PreviousRun;
  /** Say so with a notification when the run ends while the panel is hidden (runs from the palette, the folder menu, the panel). */
  notifyIfHidden?: boolean;
  /** This run's trace events (chat progress, the notification); listeners of onEvent get them too. */
  onTrace?(event: TraceEvent, runId: string): void;
}

export type RunEvent =
  | { type: 'started'; run: RunSummary }
  | { type: 'trace'; runId: string; event: TraceEvent }
  | { type: 'finished'; run: RunRecord; notifyIfHidden?: boolean };

export interface RunServiceOptions {
  /** The extension's global storage folder (caches live there). */
  storageDir: string;
  history: RunHistory;
  log: Logger;
  now?: () => number;
  /** Replaces how sandbox engines start (tests simulate a host where isolated-vm cannot load). */
  sandboxStarters?: SandboxEnginesOptions['starters'];
  /** Trees kept between runs, their listings warm (a file watcher keeps them current); default: a new tree per run. */
  trees?: TreeCache;
}

interface ActiveRun {
  summary: RunSummary;
  nodes: TraceNodes;
  abort(reason?: string): void;
}

export class RunService {
  private readonly listeners = new Set<(event: RunEvent) => void>();
  private readonly active = new Map<string, ActiveRun>();
  private last?: { runId: string; jsonl: string };
  private readonly now: () => number;
  /** One per extension host: `auto` finds out once whether isolated-vm loads here. */
  private readonly engines: SandboxEngines;
  /** Every run starts or continues one; a follow-up keeps the REPL of the run it follows. */
  readonly conversations = new Conversations();

  constructor(private readonly options: RunServiceOptions) {
    this.now = options.now ?? (() => Date.now());
    this.engines = new SandboxEngines({
      ...(options.sandboxStarters ? { starters: options.sandboxStarters } : {}),
      onAutoChoice: (engine, why) => options.log.info(`sandbox engine: ${engine} (auto: ${why})`),
    });
  }

  get running(): boolean {
    return this.active.size > 0;
  }

  onEvent(listener: (event: RunEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Stops every running question; each ends with its best answer so far, marked cancelled. */
  cancelAll(): void {
    for (const run of this.active.values()) run.abort('cancelled by the user');
  }

  cancel(runId: string): void {
    this.active.get(runId)?.abort('cancelled by the user');
  }

  /** The running questions with their trees so far (for a panel that opens mid-run). */
  activeRuns(): Array<{ run: RunSummary; nodes: TraceNode[] }> {
    return [...this.active.values()].map((a) => ({ run: a.summary, nodes: a.nodes.all() }));
  }

  /** A run's call tree as JSONL: the last run's exact export, or a stored tree from the history. */
  traceJsonl(runId?: string): string | undefined {
    if (!runId || runId === this.last?.runId) return this.last?.jsonl;
    const active = this.active.get(runId);
    if (active) return active.nodes.toJsonl();
    const trace = this.options.history.get(runId)?.trace;
    return trace ? trace.map((n) => `${JSON.stringify(n)}\n`).join('') : undefined;
  }

  get history(): RunHistory {
    return this.options.history;
  }

  async run(request: RunRequest): Promise<RunRecord> {
    const { log } = this.options;
    const { settings } = request;
    const id = randomUUID();
    const bridge = abortOnCancel(request.token);
    const nodes = new TraceNodes();
    const summary: RunSummary = {
      id,
      question: request.question,
      ...(request.scope !== undefined ? { scope: request.scope } : {}),
      ...(request.previous?.runId ? { followUpOf: request.previous.runId } : {}),
      startedMs: this.now(),
      status: 'running',
    };
    const base = { ...summary, model: request.models.root.name, roots: request.roots };
    this.active.set(id, { summary, nodes, abort: bridge.abort });
    this.emit({ type: 'started', run: summary });
    log.info(
      `run ${id.slice(0, 8)}: "${request.question}" over ${request.roots.map((r) => r.path).join(', ')} with ${request.models.root.id}`,
    );

    let record: RunRecord;
    const conversation = this.conversations.start(request.previous, id);
    try {
      const result = await conversation.ask(this.workspaceOptions(request, id), {
        question: request.question,
        models: request.models,
        concurrency: settings.concurrency,
        limits: {
          maxDepth: settings.maxDepth,
          maxIterations: settings.maxIterations,
          maxSubCalls: settings.maxSubCalls,
          maxCostUsd: settings.maxCostUsd,
        },
        completionCacheDir: settings.cache ? join(this.options.storageDir, 'completions') : undefined,
        signal: bridge.signal,
        onTrace: (event) => {
          nodes.apply(event);
          if (event.type === 'start') log.debug(`run ${id.slice(0, 8)}: ${event.node.kind} ${event.node.label}`);
          request.onTrace?.(event, id);
          this.emit({ type: 'trace', runId: id, event });
        },
      });
      const { status, reason } = result;
      record = {
        ...base,
        status,
        answer: result.answer,
        ...(reason ? { reason } : {}),
        ...(result.findings ? { findings: result.findings } : {}),
        ...(result.failure ? { failure: result.failure } : {}),
        citations: result.citations,
        stats: result.stats,
        trace: result.trace,
      };
      this.last = { runId: id, jsonl: result.traceJsonl };
      log.info(
        `run ${id.slice(0, 8)}: ${status}${reason ? ` (${reason})` : ''} · ${result.stats.calls} calls, ${result.stats.inputTokens + result.stats.outputTokens} tokens`,
      );
    } catch (error) {
      // The workspace could not be opened: the engine never ran.
      const message = error instanceof Error ? error.message : String(error);
      log.error(`run ${id.slice(0, 8)} failed: ${message}`);
      record = { ...base, status: 'failed', answer: '', reason: message, failure: { kind: 'internal', message }, trace: nodes.all() };
      this.last = { runId: id, jsonl: nodes.toJsonl() };
    } finally {
      bridge.dispose();
      this.active.delete(id);
      this.conversations.finished(conversation);
    }
    await this.options.history.add(record).then(undefined, (error: unknown) => log.warn(`saving the run history: ${String(error)}`));
    this.emit({ type: 'finished', run: record, ...(request.notifyIfHidden ? { notifyIfHidden: true } : {}) });
    return record;
  }

  dispose(): void {
    this.cancelAll();
    this.conversations.closeAll();
    this.listeners.clear();
  }

  private emit(event: RunEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.options.log.warn(`a run listener failed: ${String(error)}`);
      }
    }
  }

  /** The folders as the settings say to show them, with the caches in the extension's storage. */
  private workspaceOptions(request: RunRequest, id: string): WorkspaceOptions {
    const { settings } = request;
    const { log, storageDir } = this.options;
    let engineLogged = false;
    return {
      roots: request.roots,
      allowSecrets: settings.allowSecretFiles,
      redactSecrets: settings.redactSecrets,
      include: settings.include,
      exclude: settings.exclude,
      symbolCacheDir: join(storageDir, 'symbols', workspaceKey(request.roots.map((r) => r.path))),
      listingCacheDir: join(storageDir, 'listing', workspaceKey(request.roots.map((r) => r.path))),
      ...(this.options.trees ? { trees: this.options.trees } : {}),
      sandbox: {
        engine: settings.sandboxEngine,
        engines: this.engines,
        onStart: (sandbox) => {
          if (!engineLogged) log.info(`run ${id.slice(0, 8)}: sandbox engine ${sandbox.engine}`);
          engineLogged = true;
        },
      },
    };
  }
}
