// The REPL functions as the sandbox takes them: a result at hand passes through as it is (a warm
// symbols() loop makes thousands of calls), and a failure, thrown or rejected, reads the same.
import { describe, expect, it } from 'vitest';
import { ReplApi, type ReplFunctionSpec } from '../../src/engine/repl/registry.js';
import type { CallScope } from '../../src/sandbox/sandbox.js';
import { ToolError } from '../../src/workspace/fileTree.js';

const scope: CallScope = { signal: new AbortController().signal, notice: () => {} };
const spec = (name: string, call: ReplFunctionSpec['call']): ReplFunctionSpec => ({
  name,
  async: false,
  signature: `${name}()`,
  summary: '',
  call,
});

describe('ReplApi.hostFunctions', () => {
  const [atHand, later, throws, rejects] = new ReplApi()
    .add([
      spec('atHand', () => ['a']),
      spec('later', async () => ['b']),
      spec('throws', () => {
        throw new ToolError('no such file');
      }),
      spec('rejects', async () => {
        throw new ToolError('no such file');
      }),
    ])
    .hostFunctions();

  it('hands a result at hand on without a promise, and a promised one as a promise', async () => {
    expect(atHand!.call([], scope)).toEqual(['a']);
    const promised = later!.call([], scope);
    expect(promised).toBeInstanceOf(Promise);
    expect(await promised).toEqual(['b']);
  });

  it('words a failure the same whether it was thrown or rejected', async () => {
    expect(() => throws!.call([], scope)).toThrow('throws(): no such file');
    await expect(rejects!.call([], scope)).rejects.toThrow('rejects(): no such file');
  });
});
