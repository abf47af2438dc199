// Questions asked before, newest first, offered again in the question box.
import type { MementoLike } from './runHistory.js';

const KEY = 'rlm.questions';

export class QuestionHistory {
  constructor(
    private readonly memento: MementoLike,
    private readonly max = 20,
  ) {}

  list(): string[] {
    const stored = this.memento.get<unknown>(KEY);
    return Array.isArray(stored) ? stored.filter((q): q is string => typeof q === 'string') : [];
  }

  async add(question: string): Promise<void> {
    const q = question.trim();
    if (!q) return;
    await this.memento.update(KEY, [q, ...this.list().filter((x) => x !== q)].slice(0, this.max));
  }
}
