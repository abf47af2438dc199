// The one handle on the host: acquireVsCodeApi() may be called only once per webview.
import type { HostToWebview, WebviewToHost } from '../protocol/messages.js';

interface VsCodeApi<S> {
  postMessage(message: WebviewToHost): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

export interface Host<S> {
  post(message: WebviewToHost): void;
  getState(): S | undefined;
  setState(state: S): void;
  onMessage(handler: (message: HostToWebview) => void): void;
}

export function connectHost<S>(win: Window): Host<S> {
  const api = acquireVsCodeApi<S>();
  return {
    post: (message) => api.postMessage(message),
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
    onMessage: (handler) =>
      win.addEventListener('message', (event: MessageEvent) => {
        const data: unknown = event.data;
        if (data && typeof data === 'object' && typeof (data as { type?: unknown }).type === 'string') handler(data as HostToWebview);
      }),
  };
}
