import { describe, expect, it } from 'vitest';
import { findCitations, parseCitation } from '../../src/common/citations.js';

const paths = (text: string) => findCitations(text).map((c) => `${c.path}:${c.line}${c.endLine ? `-${c.endLine}` : ''}`);

describe('citations', () => {
  it('finds path:line citations in prose', () => {
    expect(paths('The config is loaded in src/config.ts:42, validated at lib/schema.py:10-20.')).toEqual([
      'src/config.ts:42',
      'lib/schema.py:10-20',
    ]);
    expect(paths('See (main.go:7) and ./scripts/run.sh:3:5; also src/Makefile:12')).toEqual([
      'main.go:7',
      './scripts/run.sh:3',
      'src/Makefile:12',
    ]);
    expect(findCitations('at src/a.ts:3')[0]).toMatchObject({ start: 3, end: 13 });
  });

  it('ignores URLs, times, versions, hosts and ratios', () => {
    for (const text of [
      'https://github.com/o/r/blob/main/src/a.ts:12',
      'http://localhost:8080/x',
      'listening on example.com:443',
      'at 10:30 the build ran',
      'version v1.2:3',
      '127.0.0.1:9000',
      'ratio 1/2:3',
      'line zero src/a.ts:0',
      'src/a.ts:12abc',
      'e.g.:5',
    ]) {
      expect(paths(text), text).toEqual([]);
    }
  });

  it('parses a whole string as one citation (code spans, link targets)', () => {
    expect(parseCitation('src/config.ts:42')).toEqual({ path: 'src/config.ts', line: 42 });
    expect(parseCitation(' src/config.ts:4-9 ')).toEqual({ path: 'src/config.ts', line: 4, endLine: 9 });
    expect(parseCitation('src/config.ts#L42')).toEqual({ path: 'src/config.ts', line: 42 });
    expect(parseCitation('src/config.ts:42 and more')).toBeUndefined();
    expect(parseCitation('const x = a:1')).toBeUndefined();
  });
});
