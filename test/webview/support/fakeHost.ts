// The host side of a webview in tests: records what the webview posts, keeps the state it saves,
// and `send` plays a message from the extension host.
import type { HostToWebview, WebviewToHost } from '../../../src/protocol/messages.js';
import { Panel, type PanelState } from '../../../src/webview/panel.js';
import type { Host } from '../../../src/webview/vscodeApi.js';

export class FakeHost<State> implements Host<State> {
  readonly posted: WebviewToHost[] = [];
  state: State | undefined;
  private handler: ((message: HostToWebview) => void) | undefined;

  post(message: WebviewToHost): void {
    this.posted.push(message);
  }
  getState(): State | undefined {
    return this.state;
  }
  setState(state: State): void {
    this.state = structuredClone(state);
  }
  onMessage(handler: (message: HostToWebview) => void): void {
    this.handler = handler;
  }
  send(message: HostToWebview): void {
    if (!this.handler) throw new Error('the webview has not subscribed to host messages yet (start() it first)');
    this.handler(message);
  }
}

/** A started Panel in a fresh root element of the document, with its fake host. */
export function openPanel(): { host: FakeHost<PanelState>; root: HTMLElement } {
  const host = new FakeHost<PanelState>();
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  new Panel(root, host, () => {}).start();
  return { host, root };
}
