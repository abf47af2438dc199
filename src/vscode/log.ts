// One "RLM" log output channel behind a small interface, so code that logs can be tested with
// a named fake and never touches vscode.
import * as vscode from 'vscode';

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error): void;
}

export interface OutputLog extends Logger, vscode.Disposable {
  show(): void;
}

export function createLog(): OutputLog {
  const channel = vscode.window.createOutputChannel('RLM', { log: true });
  return {
    trace: (m) => channel.trace(m),
    debug: (m) => channel.debug(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}
