// VS Code cancellation → AbortSignal at the engine boundary: the engine, the scheduler, every
// model call and the sandbox only know AbortSignal. Structural types, so tests need no vscode.

export interface CancellationLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

export interface AbortBridge {
  readonly signal: AbortSignal;
  /** Stops listening to the token(s); the signal stays as it is. */
  dispose(): void;
}

/** One signal that aborts when any token is cancelled, or when `abort()` is called (the Cancel command). */
export function abortOnCancel(...tokens: Array<CancellationLike | undefined>): AbortBridge & { abort(reason?: string): void } {
  const controller = new AbortController();
  const abort = (reason = 'cancelled') => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const subscriptions = tokens.flatMap((token) => {
    if (!token) return [];
    if (token.isCancellationRequested) abort();
    return [token.onCancellationRequested(() => abort())];
  });
  return {
    signal: controller.signal,
    abort,
    dispose: () => {
      for (const s of subscriptions) s.dispose();
      subscriptions.length = 0;
    },
  };
}
