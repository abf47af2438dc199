// Picks and starts a sandbox engine. isolated-vm (a V8 isolate) is the fast one, but its native
// module only loads on the Node ABI it was built for; desktop VS Code runs extensions on
// Electron's. `auto` tries it once per process and otherwise runs the quickjs engine (WebAssembly,
// loads anywhere) — never node:vm or eval.
import type { Sandbox, SandboxOptions } from './sandbox.js';

export const SANDBOX_ENGINES = ['isolated-vm', 'quickjs'] as const;
export type SandboxEngineName = (typeof SANDBOX_ENGINES)[number];
export type SandboxEngineChoice = 'auto' | SandboxEngineName;

/** `warm` holds what an engine keeps ready for the next sandbox of the same scope. */
export type EngineStarter = (options: SandboxOptions, warm: WarmSlot) => Promise<Sandbox>;

/**
 * Where an engine keeps a warm spare between the sandboxes of one scope (a run with its child
 * RLMs). It is made on first use and disposed with the scope; after that, none is kept.
 */
export class WarmSlot {
  private held?: { dispose(): void };
  private disposed = false;

  /** @param spares false: the engines keep no spare at all for this scope (see SandboxEnginesOptions.spares) */
  constructor(readonly spares = true) {
    this.disposed = !spares;
  }

  get<T extends { dispose(): void }>(make: () => T): T | undefined {
    if (this.disposed) return undefined;
    this.held ??= make();
    return this.held as T;
  }

  dispose(): void {
    this.disposed = true;
    this.held?.dispose();
    this.held = undefined;
  }
}

/** Loaded on demand, so a host without the native module fails only when isolated-vm is tried. */
const DEFAULT_STARTERS: Record<SandboxEngineName, EngineStarter> = {
  'isolated-vm': async (options, warm) =>
    (await import('./isolatedVm/isolatedVmSandbox.js')).IsolatedVmSandbox.create(options, warm.spares),
  quickjs: async (options, warm) => {
    const { QuickJsSandbox, QuickJsSpare } = await import('./quickjs/quickJsSandbox.js');
    return QuickJsSandbox.create(
      options,
      warm.get(() => new QuickJsSpare()),
    );
  },
};

/** Sandboxes of one run: they share its warm spare, which `dispose` ends (the sandboxes end on their own). */
export interface SandboxScope {
  create(options: SandboxOptions): Promise<Sandbox>;
  dispose(): void;
}

export interface SandboxEnginesOptions {
  /** Told once which engine `auto` settled on, and why. */
  onAutoChoice?: (engine: SandboxEngineName, why: string) => void;
  starters?: Partial<Record<SandboxEngineName, EngineStarter>>;
  /**
   * Keep a started engine ready for the next sandbox (default true). Off for a process that runs
   * one sandbox (`rlm exec`, `rlm repl`): a spare there only takes CPU from the first cell.
   */
  spares?: boolean;
}

/** Starts sandboxes of the chosen engine; remembers what `auto` found out. */
export class SandboxEngines {
  private readonly starters: Record<SandboxEngineName, EngineStarter>;
  /** Why isolated-vm cannot run here, once `auto` has tried it; '' when it can. */
  private isolatedVmProblem?: string;

  constructor(private readonly options: SandboxEnginesOptions = {}) {
    this.starters = { ...DEFAULT_STARTERS, ...options.starters };
  }

  /** Sandboxes of `choice` that share one warm spare, until the scope is disposed. */
  scope(choice: SandboxEngineChoice = 'auto'): SandboxScope {
    const warm = new WarmSlot(this.options.spares ?? true);
    return { create: (options) => this.create(options, choice, warm), dispose: () => warm.dispose() };
  }

  /** One sandbox; without a scope's `warm` slot it keeps no spare. */
  async create(options: SandboxOptions, choice: SandboxEngineChoice = 'auto', warm = unscoped()): Promise<Sandbox> {
    if (choice !== 'auto') return this.start(choice, options, warm);
    if (this.isolatedVmProblem === undefined) {
      try {
        const sandbox = await this.starters['isolated-vm'](options, warm);
        this.isolatedVmProblem = '';
        this.options.onAutoChoice?.('isolated-vm', 'its native module loaded');
        return sandbox;
      } catch (error) {
        this.isolatedVmProblem = firstLine(error);
        this.options.onAutoChoice?.('quickjs', `isolated-vm cannot run in this host: ${this.isolatedVmProblem}`);
      }
    }
    return this.start(this.isolatedVmProblem ? 'quickjs' : 'isolated-vm', options, warm);
  }

  private async start(engine: SandboxEngineName, options: SandboxOptions, warm: WarmSlot): Promise<Sandbox> {
    try {
      return await this.starters[engine](options, warm);
    } catch (error) {
      const hint = engine === 'isolated-vm' ? ' Set the sandbox engine to "auto" or "quickjs" to use the WebAssembly engine.' : '';
      throw new Error(`The ${engine} sandbox could not start: ${firstLine(error)}.${hint}`, { cause: error });
    }
  }
}

function unscoped(): WarmSlot {
  const warm = new WarmSlot();
  warm.dispose();
  return warm;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.replace(/[.\s]+$/, '');
}
