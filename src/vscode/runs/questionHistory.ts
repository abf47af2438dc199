// Questions asked before in this workspace, newest first, offered again in the question box.
// Kept in the workspace's state; until a question is asked here, the list older versions shared
// between every window stands in.
import type { MementoLike } from './runHistory.js';

const KEY = 'rlm.questions';

export class QuestionHistory {
  constructor(
    private readonly workspace: MementoLike,
    private readonly shared?: MementoLike,
    private readonly max = 20,
  ) {}

  list(): string[] {
    return readQuestions(this.workspace) ?? (this.shared ? (readQuestions(this.shared) ?? []) : []);
  }

  async add(question: string): Promise<void> {
    const q = question.trim();
    if (!q) return;
    await this.workspace.update(KEY, [q, ...this.list().filter((x) => x !== q)].slice(0, this.max));
  }
}

function readQuestions(memento: MementoLike): string[] | undefined {
  const stored = memento.get<unknown>(KEY);
  return Array.isArray(stored) ? stored.filter((q): q is string => typeof q === 'string') : undefined;
}
