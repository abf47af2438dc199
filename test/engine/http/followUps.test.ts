// Follow-ups over HTTP: questions of one conversation (src/host/conversation.ts) share the root
// REPL, so a follow-up's code reads a variable the previous question's code set, through REPL
// functions bound to the follow-up's own run; its first message carries the earlier question
// and answer and lists the variables by name, type and size. A new conversation starts empty,
// and a REPL restarted by a memory bomb or closed after an idle time says its variables are gone.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HostConversation, type IdleTimer } from '../../../src/host/conversation.js';
import type { ServedRequest } from '../../support/scriptedModelServer.js';
import { makeWorkspace, type TestWorkspace } from '../../fixtures/makeWorkspace.js';
import { firstUser, js, kindOf, lastUser, startHarness, turnOf, type Harness } from './harness.js';

let ws: TestWorkspace;
beforeAll(() => (ws = makeWorkspace('basic')));
afterAll(() => ws.cleanup());
let close: (() => Promise<void>) | undefined;
const conversations: HostConversation[] = [];
afterEach(async () => {
  for (const c of conversations.splice(0)) c.dispose();
  await close?.();
});

const FIRST = 'Which util files are there?';
const FOLLOW_UP = 'How many lines does each of them have?';
/** Held in a variable by the first question: its value must never reach the follow-up's prompt. */
const CANARY = 'canary-7f3a91';

/** The first question keeps its findings in variables; the follow-up reads them (a real model's habit: reuse, then FINAL). */
function policy(request: ServedRequest): string {
  if (kindOf(request) !== 'root') return 'unexpected sub-call';
  if (firstUser(request).startsWith(`Question: ${FIRST}`)) {
    return js(
      [
        'const utilFiles = glob("src/util/*.ts");',
        `const notes = "${CANARY} ".repeat(50);`,
        'FINAL(`The util files are ${utilFiles.join(" and ")}.`);',
      ].join('\n'),
    );
  }
  if (turnOf(request) === 1) {
    return (
      'The REPL still has `utilFiles` from the previous question, so I reuse it.\n\n' +
      js('const counts = utilFiles.map((f) => `${f}: ${read(f).split("\\n").length} lines`);\nFINAL(`${query} ${counts.join("; ")}`);')
    );
  }
  // The follow-up's code failed (a fresh REPL): answer from the output in words.
  return `FINAL(The earlier variables are gone: ${lastUser(request).includes('utilFiles is not defined') ? 'utilFiles is not defined' : 'unclear'}.)`;
}

const rootRequests = (h: Harness) => h.server.requests.filter((r) => kindOf(r) === 'root');

describe.each(['isolated-vm', 'quickjs'] as const)('follow-ups over HTTP (%s)', (engine) => {
  it('a follow-up reads a variable the previous question set, with its own run’s functions; its prompt lists names, not values', async () => {
    const h = await startHarness(ws, policy);
    close = h.close;
    const conversation = new HostConversation();
    conversations.push(conversation);

    const first = await h.run({ question: FIRST, conversation, sandboxEngine: engine });
    expect(first).toMatchObject({ status: 'done', answer: 'The util files are src/util/math.ts and src/util/strings.ts.' });
    const second = await h.run({ question: FOLLOW_UP, conversation, sandboxEngine: engine });
    expect(second.status).toBe('done');
    expect(second.answer).toBe(`${FOLLOW_UP} src/util/math.ts: 13 lines; src/util/strings.ts: 9 lines`);
    // read() in the follow-up was this run's: its trace cites what it read.
    const refs = second.trace.flatMap((n) => n.refs ?? []).map((r) => r.path);
    expect(refs).toEqual(expect.arrayContaining(['src/util/math.ts', 'src/util/strings.ts']));

    const followUp = rootRequests(h).at(-1)!;
    expect(followUp.messages[0]!.content).toContain('variables and functions that earlier code left in the REPL: they still exist');
    const opening = firstUser(followUp);
    expect(opening).toContain(`Question: ${FIRST}\nAnswer: The util files are src/util/math.ts and src/util/strings.ts.`);
    expect(opening).toContain('- utilFiles: array of 2');
    expect(opening).toContain('- notes: string of 700 chars');
    expect(opening).toContain(`Follow-up question: ${FOLLOW_UP}`);
    expect(opening).not.toContain(CANARY);
    // Only what the code declared: not the engine's own globals (quickjs's `performance`), not `query`.
    expect(opening.match(/^- \w+:/gm)).toEqual(['- utilFiles:', '- notes:']);
    // The first question's own prompt was an ordinary one.
    expect(rootRequests(h)[0]!.messages[0]!.content).not.toContain('follows earlier ones');
    expect(conversation.questions.map((q) => q.question)).toEqual([FIRST, FOLLOW_UP]);
  });

  it('a new conversation starts with an empty REPL: the variable is not defined', async () => {
    const h = await startHarness(ws, policy);
    close = h.close;
    const conversation = new HostConversation();
    conversations.push(conversation);
    await h.run({ question: FIRST, conversation, sandboxEngine: engine });

    // The same question as the follow-up, asked in a new conversation: the model's code expects utilFiles.
    const fresh = new HostConversation();
    conversations.push(fresh);
    const result = await h.run({ question: FOLLOW_UP, conversation: fresh, sandboxEngine: engine });
    expect(result).toMatchObject({ status: 'done', answer: 'The earlier variables are gone: utilFiles is not defined.' });
    const opening = firstUser(rootRequests(h)[1]!);
    expect(opening.startsWith(`Question: ${FOLLOW_UP}`)).toBe(true);
    expect(opening).not.toContain('follow-up');
  });

  it('a sandbox restarted by a memory bomb: the follow-up is told the variables set before it are gone', async () => {
    const bomb = (request: ServedRequest): string => {
      if (firstUser(request).startsWith('Question: ')) {
        if (turnOf(request) === 1) {
          return js('const before = glob("**/*.ts");\nconst big = [];\nwhile (true) big.push("x".repeat(1 << 20) + big.length);');
        }
        return js('const after = glob("src/util/*.ts");\nFINAL("I kept the util files in `after`.");');
      }
      return 'FINAL(ok)';
    };
    const h = await startHarness(ws, bomb);
    close = h.close;
    const conversation = new HostConversation();
    conversations.push(conversation);
    const first = await h.run({ question: FIRST, conversation, sandboxEngine: engine, memoryMb: 32 });
    expect(first.status).toBe('done');
    expect(lastUser(rootRequests(h)[1]!)).toMatch(/memory limit, so the sandbox was restarted/);

    await h.run({ question: FOLLOW_UP, conversation, sandboxEngine: engine, memoryMb: 32 });
    const opening = firstUser(rootRequests(h).at(-1)!);
    expect(opening).toMatch(
      /Variables from earlier questions are gone: the sandbox was restarted during an earlier question \(a cell used more than the 32 MB memory limit\), so the variables set before the restart are gone\. These variables exist now/,
    );
    expect(opening).toContain('- after: array of 2');
    expect(opening).not.toContain('- before:');
  });
});

describe('a conversation left idle', () => {
  it('closes its REPL after the idle time; the next follow-up keeps the earlier answer and is told the variables are gone', async () => {
    const h = await startHarness(ws, policy);
    close = h.close;
    const timers: Array<{ fire: () => void; ms: number; stopped: boolean }> = [];
    const timer: IdleTimer = (fire, ms) => {
      const t = { fire, ms, stopped: false };
      timers.push(t);
      return () => (t.stopped = true);
    };
    const conversation = new HostConversation({ idleMs: 10 * 60_000, timer });
    conversations.push(conversation);
    await h.run({ question: FIRST, conversation });
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(600_000);
    timers[0]!.fire();

    const result = await h.run({ question: FOLLOW_UP, conversation });
    const requests = rootRequests(h);
    const opening = firstUser(requests[1]!);
    expect(opening).toContain(`Question: ${FIRST}\nAnswer: The util files are`);
    expect(opening).toContain('Variables from earlier questions are gone: the REPL was closed after 10 min without a question.');
    expect(opening).not.toContain('- utilFiles');
    // The model's reuse failed in the fresh REPL, and it said so.
    expect(result.answer).toBe('The earlier variables are gone: utilFiles is not defined.');
    // The second question re-armed the timer; the first one's was stopped when it started.
    expect(timers.map((t) => t.stopped)).toEqual([true, false]);
  });
});
