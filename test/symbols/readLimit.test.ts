// Cold symbols() over many files at once: reads go a few at a time, so the first file reaches the
// parse workers while the others are still being read, and the workers start (and load the
// grammar) on the first cache miss instead of after the reads.
import { describe, expect, it } from 'vitest';
import { ReadLimit } from '../../src/symbols/readLimit.js';
import { SymbolCache } from '../../src/symbols/symbolCache.js';
import { SymbolIndex } from '../../src/symbols/symbolIndex.js';
import type { FileSymbols, SymbolParser } from '../../src/symbols/types.js';
import type { WorkspacePath } from '../../src/workspace/fileTree.js';
import { InMemoryFileTree } from '../support/inMemoryFileTree.js';

/** A tree whose reads take a turn of the event loop, as a disk read does; counts reads started and in flight. */
class SlowReadTree extends InMemoryFileTree {
  started = 0;
  inFlight = 0;
  maxInFlight = 0;
  override async read(path: WorkspacePath, options?: { maxBytes?: number }): Promise<string> {
    this.started++;
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight--;
    return super.read(path, options);
  }
}

/** Answers every parse with one function named after the file's first line; records when it was asked. */
class RecordingParser implements SymbolParser {
  readonly prepared: string[][] = [];
  /** Reads started when each parse was asked for. */
  readonly readsAtParse: number[] = [];
  constructor(private readonly tree: SlowReadTree) {}
  async parse(_language: string, text: string): Promise<FileSymbols> {
    this.readsAtParse.push(this.tree.started);
    const name = /def (\w+)/.exec(text)?.[1] ?? '?';
    return { symbols: [{ name, kind: 'function', startLine: 1, endLine: 2, sliceStartLine: 1 }], references: [], referencesOmitted: true };
  }
  prepare(languages: readonly string[]): void {
    this.prepared.push([...languages]);
  }
  close(): void {}
}

const FILE_COUNT = 200;
const files = Object.fromEntries(
  Array.from({ length: FILE_COUNT }, (_, i) => [`pkg/mod${i}.py`, `def f${i}():\n    return ${i}\n`]),
) as Record<string, string>;

describe('ReadLimit', () => {
  it('runs at most max tasks at once, starts the waiting ones in order, and frees a place when a task fails', async () => {
    const limit = new ReadLimit(2);
    const started: number[] = [];
    const finish: Array<() => void> = [];
    const fail: Array<(error: Error) => void> = [];
    const tasks = [0, 1, 2, 3].map((i) =>
      limit
        .run(
          () =>
            new Promise<number>((resolve, reject) => {
              started.push(i);
              finish[i] = () => resolve(i);
              fail[i] = reject;
            }),
        )
        .catch((error: Error) => error.message),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    fail[1]!(new Error('unreadable'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    finish[0]!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2, 3]);
    finish[2]!();
    finish[3]!();
    expect(await Promise.all(tasks)).toEqual([0, 'unreadable', 2, 3]);
  });
});

describe('SymbolIndex, cold, many files at once', () => {
  it('reads a few files at a time, so the first parse is asked for before most files are read', async () => {
    const tree = new SlowReadTree(files);
    const parser = new RecordingParser(tree);
    const index = new SymbolIndex({ tree, cache: new SymbolCache(), pool: parser });
    const results = await Promise.all(Object.keys(files).map((path) => index.symbols(path)));
    expect(results.map((r) => r.symbols.value()[0]?.name)).toEqual(Object.keys(files).map((_, i) => `f${i}`));
    expect(tree.maxInFlight).toBeLessThanOrEqual(64);
    expect(parser.readsAtParse[0]).toBeLessThan(FILE_COUNT / 2);
  });

  it('starts the parser for a language on its first cache miss, once, and not for a warm pass', async () => {
    const tree = new SlowReadTree(files);
    const parser = new RecordingParser(tree);
    const cache = new SymbolCache();
    const paths = Object.keys(files);
    const cold = new SymbolIndex({ tree, cache, pool: parser });
    await Promise.all(paths.map((path) => cold.symbols(path)));
    expect(parser.prepared).toEqual([['python']]);
    expect(parser.readsAtParse).toHaveLength(FILE_COUNT);

    const warmParser = new RecordingParser(tree);
    const warm = new SymbolIndex({ tree, cache, pool: warmParser });
    await Promise.all(paths.map((path) => warm.symbols(path)));
    expect(warmParser.prepared).toEqual([]);
    expect(warmParser.readsAtParse).toHaveLength(0);
  });
});
