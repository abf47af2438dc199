// Waits in tests that watch real I/O (a server's requests, a browser's page) for a condition:
// polls it, and throws after the timeout, naming what never happened.
export interface WaitOptions {
  /** Default 10 s. */
  timeoutMs?: number;
  /** Between checks; default 25 ms. */
  everyMs?: number;
}

export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, options: WaitOptions = {}): Promise<void> {
  const { timeoutMs = 10_000, everyMs = 25 } = options;
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
