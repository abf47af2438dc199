import { describe, expect, it } from 'vitest';
import { OutputBuffer } from '../../src/sandbox/outputBuffer.js';

describe('OutputBuffer', () => {
  it('keeps everything within the budget', () => {
    const out = new OutputBuffer(100);
    out.write('hello\n');
    out.write('world\n');
    expect(out.toString()).toBe('hello\nworld\n');
  });

  it('keeps the head and the tail and counts what it cut', () => {
    const out = new OutputBuffer(10);
    for (const ch of 'abcdefghijklmnopqrstuvwxyz') out.write(ch);
    const text = out.toString();
    expect(text.startsWith('abcdefgh\n')).toBe(true);
    expect(text.endsWith('\nyz')).toBe(true);
    expect(text).toContain('output cut: 16 characters');
  });

  it('counts characters the guest cut before sending', () => {
    const out = new OutputBuffer(10);
    out.write('0123456789', 5_000_000);
    expect(out.toString()).toContain('output cut: 4,999,990 characters');
  });
});
