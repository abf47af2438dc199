// Reading model-supplied arguments: every mistake becomes a ToolError that shows the call's
// signature, so the model can correct itself on the next turn.
import type { JsonValue } from '../../sandbox/sandbox.js';
import { ToolError } from '../../workspace/fileTree.js';

export type Options = { [key: string]: JsonValue };

export class Args {
  constructor(
    private readonly values: JsonValue[],
    private readonly signature: string,
  ) {}

  fail(what: string): never {
    throw new ToolError(`${what}. Usage: ${this.signature}`);
  }

  string(index: number, name: string, fallback?: string): string {
    const v = this.values[index];
    if ((v === undefined || v === null) && fallback !== undefined) return fallback;
    if (typeof v !== 'string') this.fail(`${name} must be a string, got ${describe(v)}`);
    return v;
  }

  integer(index: number, name: string, fallback: number): number {
    const v = this.values[index];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v)) this.fail(`${name} must be a whole number, got ${describe(v)}`);
    return v;
  }

  options(index: number, allowed: readonly string[]): Options {
    const v = this.values[index];
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) this.fail(`the options must be an object like {${allowed[0]}: …}`);
    const unknown = Object.keys(v).filter((k) => !allowed.includes(k));
    if (unknown.length) this.fail(`unknown option ${unknown.join(', ')} (known: ${allowed.join(', ')})`);
    return v;
  }

  /** A string or an array of strings (e.g. glob patterns). */
  strings(value: JsonValue | undefined, name: string): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    const list = Array.isArray(value) ? value : [value];
    if (!list.every((s): s is string => typeof s === 'string')) this.fail(`${name} must be a string or an array of strings`);
    return list;
  }

  optionalInteger(value: JsonValue | undefined, name: string, fallback: number, min = 0): number {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) this.fail(`${name} must be a whole number ≥ ${min}`);
    return value;
  }

  optionalBoolean(value: JsonValue | undefined, name: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') this.fail(`${name} must be true or false`);
    return value;
  }
}

function describe(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v).slice(0, 40)}`;
}
