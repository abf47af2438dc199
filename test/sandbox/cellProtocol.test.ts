// routeCellMessage: what a stopped cell's late messages still count for. The guest posts a write,
// then the host stops the cell before that message is read: the write belongs to the cell and must
// reach its output (dropping it returned a cell that finished just past its time limit with no
// output at all), while a FINAL or a host call after the stop must not count.
import { expect, it } from 'vitest';
import { CellController, routeCellMessage, type ActiveCell, type CallMessage } from '../../src/sandbox/cellProtocol.js';
import { OutputBuffer } from '../../src/sandbox/outputBuffer.js';

function cell(id: number): ActiveCell<string> & { outcomes: string[] } {
  const outcomes: string[] = [];
  return {
    id,
    output: new OutputBuffer(2_000),
    controller: new CellController(),
    deadline: Infinity,
    outcomes,
    done: (o) => outcomes.push(o),
  };
}

it('keeps a stopped cell’s late output, not its late FINAL or calls, and nothing for another cell', () => {
  const running = cell(7);
  const answered: Array<ActiveCell<string> | undefined> = [];
  const answer = (_call: CallMessage, to: ActiveCell<string> | undefined) => void answered.push(to);
  routeCellMessage(running, { type: 'write', cell: 7, text: 'before the stop\n', full: 16 }, answer);
  running.controller.abort();
  routeCellMessage(running, { type: 'write', cell: 7, text: 'posted before the stop, read after\n', full: 35 }, answer);
  routeCellMessage(running, { type: 'write', cell: 6, text: 'an earlier cell\n', full: 16 }, answer);
  routeCellMessage(running, { type: 'final', cell: 7, json: JSON.stringify({ text: 'late answer' }) }, answer);
  routeCellMessage(running, { type: 'call', cell: 7, call: 1, request: '["grep",["x"]]', sync: true }, answer);
  routeCellMessage(running, { type: 'done', cell: 7, outcome: 'reply' }, answer);
  expect(running.output.toString()).toBe('before the stop\nposted before the stop, read after\n');
  expect(running.final).toBeUndefined();
  expect(answered).toEqual([undefined]);
  expect(running.outcomes).toEqual(['reply']);
});
