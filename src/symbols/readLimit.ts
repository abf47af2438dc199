// At most `max` holders at once; the others wait in order. symbols() over many files at once
// would otherwise start every file's read together: the thread pool serves them in turns, so
// no file is read (and sent to a parse worker) until nearly all are, and the workers sit idle.
export class ReadLimit {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
