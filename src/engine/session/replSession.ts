// A conversation's REPL: one sandbox kept across the questions of a conversation, so a
// follow-up can use the variables the earlier code left, plus the earlier questions and answers.
// Each question binds the sandbox's host functions to its own run (tree, budgets, trace); the
// sandbox itself only ever sees forwarding functions. docs/ARCHITECTURE.md, "Follow-ups".
import type { OutcomeStatus } from '../../protocol/messages.js';
import type { CellResult, HostFunction, RunOptions, Sandbox, SandboxOptions } from '../../sandbox/sandbox.js';
import { earlierQuestions, type PastExchange } from '../prompt/followUpPrompt.js';
import { listVariables } from './variables.js';

export type { PastExchange } from '../prompt/followUpPrompt.js';

/** The root RLM's sandbox for one question, and what its first message says about the earlier ones. */
export interface ReplLease {
  /** Its dispose() hands the sandbox back to the session instead of ending it. */
  sandbox: Sandbox;
  /** The earlier questions, answers and variables, for the first message; undefined on a first question. */
  earlier?: string;
}

export class ReplSession {
  private readonly exchanges: PastExchange[];
  /** `builtIns`: what a fresh sandbox of its engine already lists (quickjs has `performance`). */
  private kept?: { sandbox: Sandbox; shape: string; builtIns: ReadonlySet<string> };
  /** Host functions of the question running now, by name. */
  private bound = new Map<string, HostFunction>();
  private busy = false;
  private disposed = false;
  /** Why variables of earlier questions are gone, until a follow-up has been told. */
  private lost?: string;

  /** `seed`: earlier exchanges whose REPL is not open any more (the follow-up is told its variables are gone). */
  constructor(seed: readonly PastExchange[] = [], seedLost?: string) {
    this.exchanges = [...seed];
    if (seed.length > 0) this.lost = seedLost ?? 'the REPL of the earlier questions is no longer open';
  }

  get questions(): readonly PastExchange[] {
    return this.exchanges;
  }

  /** The root sandbox for the next question: the kept one with its functions re-bound, or a new one. */
  async open(create: (options: SandboxOptions) => Promise<Sandbox>, options: SandboxOptions): Promise<ReplLease> {
    if (this.disposed) throw new Error('This conversation has ended; start a new one.');
    if (this.busy) throw new Error('The previous question of this conversation is still running; wait for it before a follow-up.');
    this.busy = true;
    try {
      this.bound = new Map(options.functions.map((f) => [f.name, f]));
      const shape = shapeOf(options.functions);
      if (this.kept && this.kept.shape !== shape) this.closeRepl('the REPL functions changed');
      const globals = options.globals ?? {};
      // Globals such as `query` change with each question, so they are plain variables set by a cell.
      const setGlobals = Object.entries(globals)
        .map(([name, value]) => `var ${name} = ${JSON.stringify(value)};`)
        .join('\n');
      if (!this.kept) {
        const sandbox = await create({ ...options, globals: {}, functions: options.functions.map((f) => this.forward(f)) });
        const fresh = await listVariables(sandbox, new Set());
        this.kept = { sandbox, shape, builtIns: new Set(fresh.variables.map((v) => v.name)) };
      }
      const kept = new KeptSandbox(
        this.kept.sandbox,
        setGlobals,
        (why) => this.noteRestart(why),
        () => (this.busy = false),
      );
      await kept.setGlobals();
      if (this.exchanges.length === 0) return { sandbox: kept };
      const variables = await listVariables(this.kept.sandbox, new Set([...this.kept.builtIns, ...Object.keys(globals)]));
      const earlier = earlierQuestions(this.exchanges, variables, this.lost);
      this.lost = undefined;
      return { sandbox: kept, earlier };
    } catch (error) {
      this.busy = false;
      throw error;
    }
  }

  /** The question that just ended, for the next follow-up's first message. */
  record(question: string, answer: string, status: OutcomeStatus): void {
    this.exchanges.push({ question, answer, status });
  }

  /** Ends the sandbox but keeps the exchanges: the next follow-up is told why its variables are gone. */
  closeRepl(why: string): void {
    this.kept?.sandbox.dispose();
    this.kept = undefined;
    if (this.exchanges.length > 0) this.lost = why;
  }

  dispose(): void {
    this.disposed = true;
    this.closeRepl('the conversation ended');
  }

  private forward(fn: HostFunction): HostFunction {
    const { name, async, readAhead } = fn;
    return {
      name,
      async,
      ...(readAhead ? { readAhead } : {}), // a loop over a listing then asks for many files per crossing
      call: (args, scope) => {
        const current = this.bound.get(name);
        if (!current) throw new Error(`${name}() is not available in this question.`);
        return current.call(args, scope);
      },
    };
  }

  private noteRestart(why: string): void {
    this.lost = `the sandbox was restarted during an earlier question (${why}), so the variables set before the restart are gone`;
  }
}

/** The kept sandbox as one question sees it: a restart re-sets the globals; dispose only hands it back. */
class KeptSandbox implements Sandbox {
  private released = false;

  constructor(
    private readonly inner: Sandbox,
    private readonly globalsCell: string,
    private readonly onRestart: (why: string) => void,
    private readonly onRelease: () => void,
  ) {}

  get engine(): string {
    return this.inner.engine;
  }

  async setGlobals(): Promise<void> {
    if (!this.globalsCell) return;
    const result = await this.inner.run(this.globalsCell);
    if (result.error) throw new Error(`The REPL could not be prepared: ${result.error}`);
  }

  async run(code: string, options?: RunOptions): Promise<CellResult> {
    if (this.released) throw new Error('This question has ended.');
    const result = await this.inner.run(code, options);
    if (result.restarted) {
      this.onRestart(firstSentence(result.error ?? 'it stopped'));
      await this.setGlobals().catch(() => undefined);
    }
    return result;
  }

  dispose(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }
}

/** The names and kinds of the functions: a sandbox made for other functions cannot be re-bound. */
function shapeOf(functions: readonly HostFunction[]): string {
  return functions
    .map((f) => `${f.name}:${f.async ? 'a' : 's'}`)
    .sort()
    .join(',');
}

function firstSentence(text: string): string {
  const cut = text.split(/, so |\. /)[0]!.replace(/^The cell /, 'a cell ');
  return cut.length > 160 ? `${cut.slice(0, 159)}…` : cut;
}
