// The RLM loop with scripted models over a real sandbox (quickjs: WebAssembly, no native module)
// and an in-memory workspace: the protocol, sub-calls, recursion with scoped trees, loop guards,
// budgets and cancellation. Nothing here touches the disk.
import { describe, expect, it } from 'vitest';
import { ask, type AskOptions } from '../../src/engine/engine.js';
import type { ChatMessage } from '../../src/llm/types.js';
import { js, lastUserMessage, ScriptedModel, type Script } from '../support/scriptedModel.js';
import { scriptedAskOptions } from './scriptedAsk.js';

const FILES: Record<string, string> = {
  'README.md': '# Sample workspace\n\nSay hello to the fixture. It greets people: Hello, world!\nTODO: write more docs.\n',
  'src/index.ts': [
    "import { add, multiply } from './util/math.js';",
    "import { shout } from './util/strings.js';",
    '',
    '// TODO: accept a list of names',
    'export function greet(name: string): string {',
    '  return `Hello, ${name}`;',
    '}',
    '',
    'export function main(): void {',
    '  const total = add(2, multiply(3, 4));',
    "  console.log(shout(greet('world')), total);",
    '}',
    '',
  ].join('\n'),
  'src/util/math.ts': [
    'export function add(a: number, b: number): number {',
    '  return a + b;',
    '}',
    '',
    'export function multiply(a: number, b: number): number {',
    '  return a * b;',
    '}',
    '',
    '// todo: handle overflow',
    'const price = 42;',
    'const discount = 1337;',
    'export const finalPrice = price - discount / 100;',
    '',
  ].join('\n'),
  'src/util/strings.ts': "export function shout(text: string): string {\n  return text.toUpperCase() + '!';\n}\n",
};

const isChild = (messages: readonly ChatMessage[]) => messages[0]?.content.includes('You are a sub-RLM');

function options(root: Script, sub: Script = () => 'sub answer', extra: Partial<AskOptions> = {}): AskOptions {
  return scriptedAskOptions({ question: 'Where are the TODOs?', files: FILES, name: 'basic', root, sub }, extra);
}

describe('the RLM loop', () => {
  it('probes, reads the output and ends with FINAL', async () => {
    const result = await ask(
      options((messages, call) => {
        if (call === 1)
          return `Let me search.\n${js('const hits = grep("TODO", {glob: "src/**"});\nprint(hits.map(h => `${h.path}:${h.line}`))')}`;
        expect(lastUserMessage(messages)).toContain('[cell 1 output]\n["src/index.ts:4"]');
        return js('FINAL("The TODO is at src/index.ts:4")');
      }),
    );
    expect(result).toMatchObject({ answer: 'The TODO is at src/index.ts:4', status: 'done' });
    expect(result.stats).toMatchObject({ calls: 2, subCalls: 0 });
    expect(result.trace.map((n) => n.kind)).toEqual(['rlm', 'turn', 'llm', 'cell', 'turn', 'llm', 'cell']);
    expect(result.trace.every((n) => n.status === 'ok')).toBe(true);
    expect(result.traceJsonl.trim().split('\n')).toHaveLength(7);
  });

  it('records the files and lines each cell read as trace refs', async () => {
    const result = await ask(
      options(() => js('peek("src/index.ts", 4, 6); peek("src/index.ts", 5, 9); read("src/util/math.ts"); FINAL("ok")')),
    );
    expect(result.answer).toBe('ok');
    const cell = result.trace.find((n) => n.kind === 'cell');
    expect(cell?.refs).toEqual([
      { path: 'src/index.ts', startLine: 4, endLine: 9 },
      { path: 'src/util/math.ts', startLine: 1, endLine: 12 },
    ]);
  });

  it('starts with the question and a workspace summary, never the code', async () => {
    const root = new ScriptedModel('root', () => js('FINAL("ok")'));
    await ask({ ...options(() => ''), rootModel: root });
    const [system, user] = root.calls[0];
    expect(system.content).toContain('grep(pattern: string | RegExp');
    expect(system.content).toContain('await llm(prompt: string, context?: string)');
    expect(user.content).toMatch(/^Question: Where are the TODOs\?\n\nWorkspace: basic — \d+ files/);
    expect(user.content).not.toContain('export function add');
  });

  it('fans out llm() calls over files and aggregates', async () => {
    const sub = new ScriptedModel('sub', (messages) => (lastUserMessage(messages).includes('multiply') ? 'math' : 'other'));
    const result = await ask({
      ...options(() =>
        js(
          'const files = glob("src/util/*.ts");\nconst kinds = await Promise.all(files.map((f) => llm("What does this file do?", read(f))));\nFINAL(files.map((f, i) => `${f}: ${kinds[i]}`).join("\\n"))',
        ),
      ),
      subModel: sub,
    });
    expect(result.answer).toBe('src/util/math.ts: math\nsrc/util/strings.ts: other');
    expect(result.stats.subCalls).toBe(2);
    const llmNodes = result.trace.filter((n) => n.kind === 'llm' && n.model === 'sub');
    expect(llmNodes).toHaveLength(2);
    expect(llmNodes[0].detail).toMatch(/^Prompt: What does this file do\?\n\nContext: export function add/);
  });

  it('recurses with rlm() into a child that sees only its paths', async () => {
    const root: Script = (messages) =>
      isChild(messages)
        ? lastUserMessage(messages).includes('[cell 1')
          ? js('FINAL(files.join(",") + " | " + outside)')
          : js(
              'const files = glob("**");\nlet outside = "";\ntry { read("README.md") } catch (e) { outside = e.message }\nprint(files.length)',
            )
        : js('const inner = await rlm("Which files are here?", {paths: ["src/util"]});\nFINAL(inner)');
    const result = await ask(options(root));
    expect(result.answer).toMatch(
      /^src\/util\/math\.ts,src\/util\/strings\.ts \| read\(\): "README\.md" is outside the files this sub-RLM was given \("src\/util"\)/,
    );
    expect(result.stats.maxDepth).toBe(1);
    expect(result.trace.filter((n) => n.kind === 'rlm').map((n) => n.depth)).toEqual([0, 1]);
  });

  it('falls back to llm() at the depth limit and says so', async () => {
    const result = await ask({
      ...options(
        () => js('FINAL(await rlm("Summarise", {paths: ["src"]}))'),
        () => 'flat answer',
      ),
      budgets: { maxDepth: 0 },
    });
    expect(result.answer).toBe('flat answer');
    expect(result.trace.some((n) => n.kind === 'llm' && n.label.startsWith('rlm→llm (depth limit)'))).toBe(true);
  });

  it('accepts a text FINAL on the last line of a reply without code', async () => {
    const result = await ask(
      options((_m, call) => (call === 1 ? js('print(ls().length)') : 'I have what I need.\nFINAL(There are several top-level entries.)')),
    );
    expect(result).toMatchObject({ answer: 'There are several top-level entries.', status: 'done' });
  });

  it('nudges a reply without code, and rejects a plan-like FINAL once', async () => {
    const seen: string[] = [];
    const result = await ask(
      options((messages, call) => {
        seen.push(lastUserMessage(messages));
        if (call === 1) return 'I think the answer is in src.';
        if (call === 2) return js('FINAL("I will look at src/index.ts and check the TODO comments.")');
        return js('FINAL("src/index.ts:4 has the TODO")');
      }),
    );
    expect(seen[1]).toMatch(/no ```js code block/);
    expect(seen[2]).toMatch(/reads like a plan/);
    expect(result.answer).toBe('src/index.ts:4 has the TODO');
  });

  it('does not run the same cell twice', async () => {
    let runs = 0;
    const result = await ask(
      options((messages, call) => {
        if (call <= 2) return js('print(glob("src/**").length)');
        runs = (lastUserMessage(messages).match(/You ran exactly this code before/g) ?? []).length;
        return js('FINAL("done")');
      }),
    );
    expect(runs).toBe(1);
    expect(result.trace.filter((n) => n.kind === 'cell').map((n) => n.status)).toEqual(['ok', 'cached', 'ok']);
  });

  it('asks once for the best answer when the turns run out, marked partial', async () => {
    const result = await ask({
      ...options((messages) => (lastUserMessage(messages).startsWith('Stop exploring') ? 'Probably src/index.ts:4.' : js('print(1)'))),
      budgets: { maxIterations: 2 },
    });
    expect(result).toMatchObject({ answer: 'Probably src/index.ts:4.', status: 'partial', reason: 'the turn limit (2 turns) is reached' });
  });

  it('refuses sub-calls past the budget with a hint to finish', async () => {
    const result = await ask({
      ...options(() =>
        js(
          'const out = [];\nfor (let i = 0; i < 3; i++) { try { out.push(await llm("q" + i)) } catch (e) { out.push(e.message) } }\nFINAL(out.join(" | "))',
        ),
      ),
      budgets: { maxSubCalls: 2 },
    });
    expect(result.answer).toBe(
      'sub answer | sub answer | llm(): No more sub-calls: all 2 are used. Finish with FINAL(...) using what you have.',
    );
  });

  it('returns the same answer for a repeated sub-call without calling again', async () => {
    const sub = new ScriptedModel('sub', () => 'once');
    const result = await ask({
      ...options(() => js('const a = await llm("same"); const b = await llm("same"); FINAL(a + b)')),
      subModel: sub,
    });
    expect(result.answer).toBe('onceonce');
    expect(sub.calls).toHaveLength(1);
  });

  it('stops on cancel and keeps what it found', async () => {
    const controller = new AbortController();
    const result = await ask({
      ...options((_m, call) => {
        if (call === 1) return js('print("found: src/index.ts")');
        controller.abort();
        return js('FINAL("too late")');
      }),
      signal: controller.signal,
    });
    expect(result).toMatchObject({ status: 'cancelled', reason: 'cancelled', answer: 'Cancelled before a final answer.' });
    expect(result.findings).toBe('#### What the run found, turn by turn\n\n**Turn 1** — ran code\n```text\nfound: src/index.ts\n```');
  });
});
