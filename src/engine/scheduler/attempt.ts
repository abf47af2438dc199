// One try of a task: its own AbortController, a timeout, and the caller's signal. The promise
// settles as soon as the task settles, times out or is cancelled — even if the task ignores
// its signal — so a stuck request never holds its caller or its slot.
import type { ModelError } from '../../llm/types.js';
import type { Clock } from './clock.js';
import { cancelledError, timeoutError } from './errors.js';

export interface AttemptOptions {
  clock: Clock;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  label: string | undefined;
}

export function runAttempt<T>(task: (signal: AbortSignal) => Promise<T>, options: AttemptOptions): Promise<T> {
  const { clock, signal, timeoutMs, label } = options;
  const controller = new AbortController();
  const timer = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onCancel);
      timer.abort();
      settle();
    };
    const fail = (error: ModelError) => {
      if (settled) return;
      controller.abort(error);
      finish(() => reject(error));
    };
    const onCancel = () => fail(cancelledError(label));
    if (signal?.aborted) return onCancel();
    signal?.addEventListener('abort', onCancel, { once: true });
    if (Number.isFinite(timeoutMs)) {
      clock.sleep(timeoutMs, timer.signal).then(
        () => fail(timeoutError(label, timeoutMs)),
        () => undefined,
      );
    }
    let promise: Promise<T>;
    try {
      promise = task(controller.signal);
    } catch (e) {
      promise = Promise.reject(e);
    }
    promise.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}
