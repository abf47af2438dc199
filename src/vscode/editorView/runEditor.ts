// "Open in editor": a run in an editor tab (a WebviewPanel) with its call tree beside a timeline,
// where the sidebar has no room for one. One tab per run; opening it again brings it forward.
// It speaks the panel's protocol (src/protocol/messages.ts): after `ready` it gets `show-run`,
// then the run's own `trace` and `run-finished` messages while the run goes on. A failed run's
// card has the panel's fixing button (`fix-failure`).
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { HostToWebview, WebviewToHost } from '../../protocol/messages.js';
import { exportTrace } from '../exportTrace.js';
import { openCitation } from '../openCitation.js';
import { panelHtml } from '../panel/panelHtml.js';
import { parseWebviewMessage, toWebviewMessage } from '../panel/panelMessages.js';
import { runFixAction } from '../runs/runActions.js';
import { summarize } from '../runs/runRecord.js';
import type { Services } from '../services.js';

export const RUN_EDITOR_VIEW_TYPE = 'rlm.run';

class RunEditor implements vscode.Disposable {
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly services: Services,
    private readonly runId: string,
    readonly panel: vscode.WebviewPanel,
    onDispose: () => void,
  ) {
    const extensionUri = services.context.extensionUri;
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const webview = panel.webview;
    const asset = (uri: vscode.Uri) => webview.asWebviewUri(uri).toString();
    const codicons = vscode.Uri.joinPath(dist, 'codicons', 'codicon.css');
    panel.iconPath = vscode.Uri.joinPath(media, 'rlm.svg');
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      script: asset(vscode.Uri.joinPath(dist, 'runView.js')),
      styles: [
        ...(existsSync(codicons.fsPath) ? [asset(codicons)] : []),
        asset(vscode.Uri.joinPath(media, 'panel.css')),
        asset(vscode.Uri.joinPath(media, 'runView.css')),
      ],
    });
    const subscription = services.runs.onEvent((event) => {
      const id = event.type === 'started' ? event.run.id : event.type === 'trace' ? event.runId : event.run.id;
      if (id === this.runId) this.post(toWebviewMessage(event));
    });
    this.disposables.push(
      { dispose: () => subscription.dispose() },
      webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (message) void this.onMessage(message).catch((error: unknown) => services.log.error(`run editor: ${String(error)}`));
        else services.log.warn(`run editor sent an unknown message: ${JSON.stringify(raw)?.slice(0, 200)}`);
      }),
      panel.onDidDispose(() => {
        this.dispose();
        onDispose();
      }),
    );
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private async onMessage(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'ready-ack' });
        this.showRun();
        return;
      case 'cancel':
        this.services.runs.cancel(message.runId);
        return;
      case 'export-trace':
        await exportTrace(this.services, message.runId);
        return;
      case 'open-citation':
        await openCitation(this.services, this.runId, message.path, message.line);
        return;
      case 'fix-failure': {
        // The failure card's button, as in the panel: Set API Key, the setting, or Retry.
        const record = this.services.runs.history.get(message.runId);
        if (record) await runFixAction(this.services, record);
        return;
      }
      default:
        return;
    }
  }

  /** The run as it is now: still running (with its tree so far) or from the history. */
  private showRun(): void {
    const { runs } = this.services;
    const active = runs.activeRuns().find((a) => a.run.id === this.runId);
    if (active) return this.post({ type: 'show-run', run: active.run, nodes: active.nodes });
    const record = runs.history.get(this.runId);
    if (record) return this.post({ type: 'show-run', run: summarize(record), nodes: record.trace ?? [] });
    void vscode.window.showWarningMessage('RLM: this run is no longer in the history.');
    this.panel.dispose();
  }

  private post(message: HostToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }
}

export function registerRunEditor(services: Services): vscode.Disposable {
  const editors = new Map<string, RunEditor>();
  const open = (runId?: string): void => {
    const { runs } = services;
    const id = runId ?? runs.activeRuns()[0]?.run.id ?? runs.history.list()[0]?.id;
    if (!id) {
      void vscode.window.showInformationMessage('RLM: no run to show yet — ask a question first.');
      return;
    }
    const existing = editors.get(id);
    if (existing) return existing.panel.reveal();
    const question = runs.activeRuns().find((a) => a.run.id === id)?.run.question ?? runs.history.get(id)?.question ?? 'run';
    const dist = vscode.Uri.joinPath(services.context.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(services.context.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(RUN_EDITOR_VIEW_TYPE, `RLM: ${short(question)}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [dist, media],
      // A run may stream for minutes; a hidden tab keeps its tree and timeline instead of replaying them.
      retainContextWhenHidden: true,
    });
    editors.set(id, new RunEditor(services, id, panel, () => editors.delete(id)));
  };
  const command = vscode.commands.registerCommand('rlm.openInEditor', (runId?: unknown) =>
    open(typeof runId === 'string' ? runId : undefined),
  );
  return {
    dispose: () => {
      command.dispose();
      for (const editor of editors.values()) editor.panel.dispose();
    },
  };
}

function short(question: string): string {
  const line = question.replace(/\s+/g, ' ').trim();
  return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}
