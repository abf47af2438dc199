// Work that several callers wait for (the listing, a file's line index), cached once started.
// A caller whose signal aborts stops waiting at once; the work itself is aborted only when no
// caller is left waiting, so one stopped cell never fails another that shares it.

export class SharedWork<T> {
  readonly promise: Promise<T>;
  private readonly controller = new AbortController();
  private waiting = 0;
  /** A caller without a signal cannot give up, so the work must finish. */
  private pinned = false;

  constructor(work: (signal: AbortSignal) => Promise<T>) {
    this.promise = work(this.controller.signal);
    this.promise.catch(() => {}); // callers see the failure through join()
  }

  /** True once the work was abandoned by every caller: a cache must start it anew. */
  get abandoned(): boolean {
    return this.controller.signal.aborted;
  }

  join(signal?: AbortSignal): Promise<T> {
    if (!signal) {
      this.pinned = true;
      return this.promise;
    }
    if (signal.aborted) return Promise.reject(signal.reason);
    this.waiting++;
    return new Promise<T>((resolve, reject) => {
      let left = false;
      const leave = () => {
        if (left) return;
        left = true;
        signal.removeEventListener('abort', onAbort);
        this.waiting--;
      };
      const onAbort = () => {
        leave();
        if (this.waiting === 0 && !this.pinned) this.controller.abort(signal.reason);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.promise.then(
        (value) => (leave(), resolve(value)),
        (error: unknown) => (leave(), reject(error)),
      );
    });
  }
}
