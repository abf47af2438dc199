// Picks and starts a sandbox engine. isolated-vm (a V8 isolate) is the fast one, but its native
// module only loads on the Node ABI it was built for; desktop VS Code runs extensions on
// Electron's. `auto` tries it once per process and otherwise runs the quickjs engine (WebAssembly,
// loads anywhere) — never node:vm or eval.
import type { Sandbox, SandboxOptions } from './sandbox.js';

export const SANDBOX_ENGINES = ['isolated-vm', 'quickjs'] as const;
export type SandboxEngineName = (typeof SANDBOX_ENGINES)[number];
export type SandboxEngineChoice = 'auto' | SandboxEngineName;

export type EngineStarter = (options: SandboxOptions) => Promise<Sandbox>;

/** Loaded on demand, so a host without the native module fails only when isolated-vm is tried. */
const DEFAULT_STARTERS: Record<SandboxEngineName, EngineStarter> = {
  'isolated-vm': async (options) => (await import('./isolatedVm/isolatedVmSandbox.js')).IsolatedVmSandbox.create(options),
  quickjs: async (options) => (await import('./quickjs/quickJsSandbox.js')).QuickJsSandbox.create(options),
};

export interface SandboxEnginesOptions {
  /** Told once which engine `auto` settled on, and why. */
  onAutoChoice?: (engine: SandboxEngineName, why: string) => void;
  starters?: Partial<Record<SandboxEngineName, EngineStarter>>;
}

/** Starts sandboxes of the chosen engine; remembers what `auto` found out. */
export class SandboxEngines {
  private readonly starters: Record<SandboxEngineName, EngineStarter>;
  /** Why isolated-vm cannot run here, once `auto` has tried it; '' when it can. */
  private isolatedVmProblem?: string;

  constructor(private readonly options: SandboxEnginesOptions = {}) {
    this.starters = { ...DEFAULT_STARTERS, ...options.starters };
  }

  async create(options: SandboxOptions, choice: SandboxEngineChoice = 'auto'): Promise<Sandbox> {
    if (choice !== 'auto') return this.start(choice, options);
    if (this.isolatedVmProblem === undefined) {
      try {
        const sandbox = await this.starters['isolated-vm'](options);
        this.isolatedVmProblem = '';
        this.options.onAutoChoice?.('isolated-vm', 'its native module loaded');
        return sandbox;
      } catch (error) {
        this.isolatedVmProblem = firstLine(error);
        this.options.onAutoChoice?.('quickjs', `isolated-vm cannot run in this host: ${this.isolatedVmProblem}`);
      }
    }
    return this.start(this.isolatedVmProblem ? 'quickjs' : 'isolated-vm', options);
  }

  private async start(engine: SandboxEngineName, options: SandboxOptions): Promise<Sandbox> {
    try {
      return await this.starters[engine](options);
    } catch (error) {
      const hint = engine === 'isolated-vm' ? ' Set the sandbox engine to "auto" or "quickjs" to use the WebAssembly engine.' : '';
      throw new Error(`The ${engine} sandbox could not start: ${firstLine(error)}.${hint}`, { cause: error });
    }
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.replace(/[.\s]+$/, '');
}
