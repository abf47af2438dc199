// Shared set-up for the corpus of real reply styles: the engine over HTTP (openai SDK →
// scripted server), the basic fixture, and a root model that plays one reply per turn.
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { AskResult } from '../../../src/engine/engine.js';
import type { TraceNode } from '../../../src/protocol/trace.js';
import { makeWorkspace, type TestWorkspace } from '../../fixtures/makeWorkspace.js';
import type { Reply, ServedRequest } from '../../support/scriptedModelServer.js';
import { kindOf, lastUser, startHarness, turnOf, type Harness, type RunOptions } from '../http/harness.js';

export { js } from '../http/harness.js';
export { kindOf, lastUser, turnOf };

export type Turns = (turn: number, request: ServedRequest) => Reply | string;

let ws: TestWorkspace;
let close: (() => Promise<void>) | undefined;

/** Registers the fixture's life cycle in the calling test file. */
export function useCorpus(): void {
  beforeAll(() => (ws = makeWorkspace('basic')));
  afterAll(() => ws.cleanup());
  afterEach(async () => close?.());
}

export interface Played {
  result: AskResult;
  harness: Harness;
  /** Root requests in order (retries included). */
  root: ServedRequest[];
  /** The feedback the root model got at request `i` (0 = the question), without the restated question. */
  fed(i: number): string;
  turnDetail(turn: number): string;
  cells(): TraceNode[];
}

/** Every turn's feedback restates the question first (engine/context); the corpus checks what follows it. */
function withoutQuestion(message: string): string {
  const restated = /^Question: [^\n]*\n\n/.exec(message);
  return restated ? message.slice(restated[0].length) : message;
}

/** Plays `root` for root turns and `sub` for llm() sub-calls. */
export async function play(
  root: Turns,
  sub: (request: ServedRequest) => Reply | string = () => 'sub answer',
  options: RunOptions = {},
): Promise<Played> {
  const h = await startHarness(ws, (request) => (kindOf(request) === 'sub' ? sub(request) : root(turnOf(request), request)));
  close = h.close;
  const result = await h.run(options);
  const rootRequests = () => h.server.requests.filter((r) => kindOf(r) === 'root');
  return {
    result,
    harness: h,
    get root() {
      return rootRequests();
    },
    fed: (i) => withoutQuestion(lastUser(rootRequests()[i]!)),
    turnDetail: (turn) => result.trace.find((n) => n.kind === 'turn' && n.label === `turn ${turn}`)?.detail ?? '',
    cells: () => result.trace.filter((n) => n.kind === 'cell'),
  };
}
