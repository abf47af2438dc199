// Named fakes for the extension's glue: a Memento in memory, a cancellation token source, a quiet logger.
import type { Logger } from '../../src/vscode/log.js';
import type { CancellationLike } from '../../src/vscode/runs/abortBridge.js';
import type { MementoLike } from '../../src/vscode/runs/runHistory.js';

export class InMemoryMemento implements MementoLike {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    // Stored as VS Code stores globalState: a JSON copy.
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.parse(JSON.stringify(value)));
  }
}

export class FakeCancellationToken implements CancellationLike {
  isCancellationRequested = false;
  private readonly listeners = new Set<() => unknown>();
  onCancellationRequested(listener: () => unknown): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  cancel(): void {
    this.isCancellationRequested = true;
    for (const l of [...this.listeners]) l();
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
}

/** A Logger that drops every line (benchmarks, tests that do not read the log). */
export class QuietLogger implements Logger {
  trace = () => undefined;
  debug = () => undefined;
  info = () => undefined;
  warn = () => undefined;
  error = () => undefined;
}
