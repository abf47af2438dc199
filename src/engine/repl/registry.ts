// The REPL API as a registry: each function the model can call is one spec with its
// signature and a one-line description, so the prompt, `.help` and the sandbox all read
// the same table. workspaceFunctions.ts, symbolFunctions.ts and ../subcallFunctions.ts hold the specs.
import type { CallScope, HostFunction, HostValue, JsonValue } from '../../sandbox/sandbox.js';
import { ModelError } from '../../llm/types.js';
import { ToolError } from '../../workspace/fileTree.js';

export interface ReplFunctionSpec {
  name: string;
  /** `await`-ed in the sandbox when true. */
  async: boolean;
  /** A sync function of one path with no effect but its result, which a loop may read ahead (HostFunction.readAhead). */
  readAhead?: boolean;
  /** How the model calls it, e.g. `peek(path, startLine = 1, endLine = startLine + 99): string`. */
  signature: string;
  summary: string;
  call(args: JsonValue[], scope: CallScope): HostValue | Promise<HostValue>;
}

export class ReplApi {
  private readonly specs = new Map<string, ReplFunctionSpec>();

  constructor(specs: readonly ReplFunctionSpec[] = []) {
    this.add(specs);
  }

  add(specs: readonly ReplFunctionSpec[]): this {
    for (const spec of specs) {
      if (this.specs.has(spec.name)) throw new Error(`REPL function ${spec.name} is registered twice`);
      this.specs.set(spec.name, spec);
    }
    return this;
  }

  get names(): string[] {
    return [...this.specs.keys()];
  }

  /** The functions as the sandbox takes them; failures become messages for the model. */
  hostFunctions(): HostFunction[] {
    return [...this.specs.values()].map((spec) => ({
      name: spec.name,
      async: spec.async,
      ...(spec.readAhead ? { readAhead: true } : {}),
      // A result at hand is passed on as it is, not through a promise (a warm symbols() loop makes thousands of calls).
      call: (args, scope) => {
        const failed = (e: unknown): never => {
          throw new Error(describeFailure(spec, e));
        };
        try {
          const value = spec.call(args, scope);
          return value instanceof Promise ? value.catch(failed) : value;
        } catch (e) {
          return failed(e);
        }
      },
    }));
  }

  /** One line per function, for the system prompt and the REPL's `.help`. */
  describe(): string {
    return [...this.specs.values()].map((s) => `${s.async ? 'await ' : ''}${s.signature}\n    ${s.summary}`).join('\n');
  }
}

function describeFailure(spec: ReplFunctionSpec, e: unknown): string {
  if (e instanceof ToolError) return `${spec.name}(): ${e.message}`;
  if (e instanceof ModelError) {
    if (e.kind === 'cancelled') return `${spec.name}(): cancelled.`;
    return `${spec.name}(): the model call failed (${e.message}).${e.retryable ? ' It was retried; try again later or work on without it.' : ' Work on without it.'}`;
  }
  if (e instanceof Error && e.name === 'AbortError') return `${spec.name}(): cancelled.`;
  const message = e instanceof Error ? e.message : String(e);
  return `${spec.name}() failed unexpectedly: ${message}. Try a different approach; this is not your code's fault.`;
}
