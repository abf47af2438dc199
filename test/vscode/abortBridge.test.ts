import { describe, expect, it } from 'vitest';
import { abortOnCancel } from '../../src/vscode/runs/abortBridge.js';
import { FakeCancellationToken } from './fakes.js';

describe('abortOnCancel', () => {
  it('aborts the signal when the token is cancelled, and stops listening once disposed', () => {
    const token = new FakeCancellationToken();
    const bridge = abortOnCancel(token);
    expect(bridge.signal.aborted).toBe(false);
    expect(token.listenerCount).toBe(1);
    token.cancel();
    expect(bridge.signal.aborted).toBe(true);
    bridge.dispose();
    expect(token.listenerCount).toBe(0);
  });

  it('starts aborted for a token already cancelled; abort() works without a token', () => {
    const token = new FakeCancellationToken();
    token.cancel();
    expect(abortOnCancel(token).signal.aborted).toBe(true);
    const bare = abortOnCancel(undefined);
    bare.abort('cancelled by the user');
    expect(bare.signal.aborted).toBe(true);
    expect(bare.signal.reason).toBe('cancelled by the user');
  });
});
