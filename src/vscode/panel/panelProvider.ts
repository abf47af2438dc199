// The side panel (activity bar → Ask RLM): a webview view that shows the running question's
// answer and live call tree and the history. Speaks the typed protocol of
// src/protocol/messages.ts; nothing is posted before the webview says `ready`.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { HostToWebview, WebviewToHost } from '../../protocol/messages.js';
import { askInEditor } from '../askInEditor.js';
import { exportTrace } from '../exportTrace.js';
import { runFixAction } from '../runs/runActions.js';
import { windowNotice } from '../runs/windowNotice.js';
import { summarize } from '../runs/runRecord.js';
import type { Services } from '../services.js';
import { openCitation } from '../openCitation.js';
import { answerMarkdown, followUpFrom, rerunOf } from './panelFollowUps.js';
import { panelHtml } from './panelHtml.js';
import { parseWebviewMessage, toWebviewMessage } from './panelMessages.js';

export const PANEL_VIEW_ID = 'rlm.panel';

class PanelProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view?: vscode.WebviewView;
  private ready = false;
  /** The run on screen, whose citations open files and whose tree Export saves. */
  shownRunId?: string;
  /** A run to show once the webview is ready (chat's "Show call tree" before the panel existed). */
  private pendingRunId?: string;
  private readonly viewDisposables: vscode.Disposable[] = [];
  private readonly subscription: { dispose(): void };
  /** Says so when a run ends with the panel hidden; gone once the next run starts or the panel shows. */
  private readonly notice = windowNotice();

  constructor(private readonly services: Services) {
    this.subscription = services.runs.onEvent((event) => {
      if (event.type === 'started') {
        this.shownRunId = event.run.id;
        this.notice.dismiss();
      }
      this.post(toWebviewMessage(event));
      if (event.type === 'finished') this.postHistory();
      if (event.type === 'finished' && event.notifyIfHidden && !this.view?.visible) this.notice.show(event.run);
    });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    this.ready = false;
    const extensionUri = this.services.context.extensionUri;
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    const asset = (uri: vscode.Uri) => view.webview.asWebviewUri(uri).toString();
    // Codicons ship beside the bundle when the webview build copies them.
    const codicons = vscode.Uri.joinPath(dist, 'codicons', 'codicon.css');
    view.webview.html = panelHtml({
      cspSource: view.webview.cspSource,
      script: asset(vscode.Uri.joinPath(dist, 'webview.js')),
      styles: [...(existsSync(codicons.fsPath) ? [asset(codicons)] : []), asset(vscode.Uri.joinPath(media, 'panel.css'))],
    });
    this.viewDisposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (message) void this.onMessage(message).catch((error: unknown) => this.services.log.error(`panel: ${String(error)}`));
        else this.services.log.warn(`panel sent an unknown message: ${JSON.stringify(raw)?.slice(0, 200)}`);
      }),
      view.onDidChangeVisibility(() => {
        if (view.visible) this.notice.dismiss();
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
          this.disposeView();
        }
      }),
    );
  }

  /** Shows a run (running or from history) in the panel, opening the panel if needed. */
  async showRun(runId?: string): Promise<void> {
    if (runId) this.pendingRunId = runId;
    await vscode.commands.executeCommand(`${PANEL_VIEW_ID}.focus`);
    if (this.ready) this.flushPending();
  }

  dispose(): void {
    this.subscription.dispose();
    this.notice.dismiss();
    this.disposeView();
  }

  private async onMessage(message: WebviewToHost): Promise<void> {
    const { runs } = this.services;
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        this.post({ type: 'ready-ack' });
        this.postHistory();
        const active = runs.activeRuns()[0];
        if (active && !this.pendingRunId) {
          this.shownRunId = active.run.id;
          this.post({ type: 'show-run', run: active.run, nodes: active.nodes });
        } else if (!this.pendingRunId && this.shownRunId) {
          // The run that opened the panel may have finished before the webview was ready
          // (its run-started and run-finished went nowhere): show it from the history.
          this.pendingRunId = this.shownRunId;
        }
        this.flushPending();
        return;
      }
      case 'ask': {
        const from = message.followUpOf ? followUpFrom(runs.history, message.followUpOf) : undefined;
        await askInEditor(this.services, message.question, undefined, from);
        return;
      }
      case 'rerun': {
        const rerun = rerunOf(runs.history, message.runId);
        if (rerun) await askInEditor(this.services, rerun.question, undefined, rerun.from);
        return;
      }
      case 'copy-answer': {
        const record = runs.history.get(message.runId);
        if (!record?.answer) return;
        await vscode.env.clipboard.writeText(answerMarkdown(record));
        void vscode.window.setStatusBarMessage('$(copy) RLM: answer copied as markdown', 4_000);
        return;
      }
      case 'cancel':
        runs.cancel(message.runId);
        return;
      case 'open-run':
        this.pendingRunId = message.runId;
        this.flushPending();
        return;
      case 'export-trace':
        await exportTrace(this.services, message.runId);
        return;
      case 'open-in-editor':
        await vscode.commands.executeCommand('rlm.openInEditor', message.runId);
        return;
      case 'open-citation':
        await openCitation(this.services, this.shownRunId, message.path, message.line);
        return;
      case 'fix-failure': {
        const record = runs.history.get(message.runId);
        if (record) await runFixAction(this.services, record);
        return;
      }
    }
  }

  private flushPending(): void {
    const runId = this.pendingRunId;
    if (!runId || !this.ready) return;
    this.pendingRunId = undefined;
    const active = this.services.runs.activeRuns().find((a) => a.run.id === runId);
    if (active) {
      this.shownRunId = runId;
      this.post({ type: 'show-run', run: active.run, nodes: active.nodes });
      return;
    }
    const record = this.services.runs.history.get(runId);
    if (!record) return;
    this.shownRunId = runId;
    this.post({
      type: 'show-run',
      run: summarize(record),
      nodes: record.trace ?? [],
      ...(record.traceNote !== undefined ? { traceNote: record.traceNote } : {}),
    });
  }

  private postHistory(): void {
    const workspace = vscode.workspace.name;
    this.post({ type: 'history', runs: this.services.runs.history.list().map(summarize), ...(workspace ? { workspace } : {}) });
  }

  private post(message: HostToWebview): void {
    if (this.view && this.ready) void this.view.webview.postMessage(message);
  }

  private disposeView(): void {
    for (const d of this.viewDisposables.splice(0)) d.dispose();
  }
}

export interface Panel {
  showRun(runId?: string): Promise<void>;
}

export function registerPanel(services: Services): vscode.Disposable & Panel {
  const provider = new PanelProvider(services);
  const registration = vscode.window.registerWebviewViewProvider(PANEL_VIEW_ID, provider, {
    webviewOptions: { retainContextWhenHidden: true },
  });
  const command = vscode.Disposable.from(
    vscode.commands.registerCommand('rlm.showPanel', (runId?: unknown) => provider.showRun(typeof runId === 'string' ? runId : undefined)),
    // Export saves what the panel shows (the newest run when it shows none).
    vscode.commands.registerCommand('rlm.exportTrace', (runId?: unknown) =>
      exportTrace(services, typeof runId === 'string' ? runId : provider.shownRunId),
    ),
  );
  return {
    showRun: (runId) => provider.showRun(runId),
    dispose: () => {
      command.dispose();
      registration.dispose();
      provider.dispose();
    },
  };
}
