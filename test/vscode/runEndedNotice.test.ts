import { describe, expect, it } from 'vitest';
import { noModelMessage, RunEndedNotice, runEndedMessage, type EndedRun, type NoticeWindow } from '../../src/vscode/runs/runEndedNotice.js';
import { FakeClock, flush } from '../engine/scheduler/fakeClock.js';

/** A window that records the notices it shows and whether each has closed; focus is set by the test. */
class FakeNoticeWindow implements NoticeWindow {
  readonly notices: Array<{ message: string; closed: boolean }> = [];
  focused = true;
  private readonly listeners = new Set<(focused: boolean) => void>();

  showUntil(message: string, closed: Promise<void>): void {
    const notice = { message, closed: false };
    this.notices.push(notice);
    void closed.then(() => (notice.closed = true));
  }

  onDidChangeFocus(listener: (focused: boolean) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  setFocus(focused: boolean): void {
    this.focused = focused;
    for (const l of [...this.listeners]) l(focused);
  }

  get open(): string[] {
    return this.notices.filter((n) => !n.closed).map((n) => n.message);
  }

  get focusListeners(): number {
    return this.listeners.size;
  }
}

const run = (question: string, status: EndedRun['status'] = 'done', id = 'run-1'): EndedRun => ({ id, question, status });

function setUp() {
  const window = new FakeNoticeWindow();
  const clock = new FakeClock();
  return { window, clock, notice: new RunEndedNotice(window, clock, 20_000) };
}

describe('the run-ended notice', () => {
  it('says how the run ended, with Open leading to that run in the panel', () => {
    const open = `[Open](command:rlm.showPanel?${encodeURIComponent('["run-1"]')})`;
    expect(runEndedMessage(run('Where is add defined?'))).toBe(`RLM answered “Where is add defined?”. ${open}`);
    expect(runEndedMessage(run('Why?', 'partial'))).toBe(`RLM has a partial answer to “Why?”. ${open}`);
    expect(runEndedMessage(run('Why?', 'cancelled'))).toBe(`RLM stopped on “Why?”. ${open}`);
    expect(runEndedMessage(run('Why?', 'failed'))).toBe(`RLM could not answer “Why?”. ${open}`);
  });

  it('keeps a long question on one line and never lets it carry a link of its own', () => {
    const message = runEndedMessage(run(`see [docs](command:workbench.action.quit) and\n${'x'.repeat(80)}`));
    expect(message).not.toContain('[docs](command:');
    expect(message).toMatch(/^RLM answered “see \[docs\] \(command:workbench\.action\.quit\) and x+…”\. \[Open\]/);
    expect(message.match(/\]\(command:/g)).toHaveLength(1);
  });

  it('is closed when the next run starts, long before it would fade', async () => {
    const { window, clock, notice } = setUp();
    notice.show(run('first'));
    await clock.advance(1_000);
    expect(window.open).toHaveLength(1);
    notice.dismiss();
    await flush();
    expect(window.open).toEqual([]);
    expect(window.focusListeners).toBe(0);
    expect(clock.pending()).toEqual([]);
  });

  it('shows one notice at a time: a newer run’s notice closes the older one', async () => {
    const { window, notice } = setUp();
    notice.show(run('first', 'failed', 'a'));
    notice.show(run('second', 'done', 'b'));
    await flush();
    expect(window.notices).toHaveLength(2);
    expect(window.open).toEqual([expect.stringMatching(/^RLM answered “second”/)]);
  });

  it('fades after 20 s of focused window time, as it has no close button', async () => {
    const { window, clock, notice } = setUp();
    notice.show(run('first'));
    await clock.advance(19_999);
    expect(window.open).toHaveLength(1);
    await clock.advance(1);
    expect(window.open).toEqual([]);
    expect(window.focusListeners).toBe(0);
  });

  it('waits for the user: time with the window unfocused does not count', async () => {
    const { window, clock, notice } = setUp();
    window.focused = false;
    notice.show(run('asked before lunch'));
    await clock.advance(3_600_000);
    expect(window.open).toHaveLength(1);
    window.setFocus(true);
    await clock.advance(15_000);
    window.setFocus(false);
    await clock.advance(600_000);
    expect(window.open).toHaveLength(1);
    window.setFocus(true);
    await clock.advance(4_999);
    expect(window.open).toHaveLength(1);
    await clock.advance(1);
    expect(window.open).toEqual([]);
  });

  it('a faded notice’s timer does not close the next one', async () => {
    const { window, clock, notice } = setUp();
    notice.show(run('first', 'done', 'a'));
    await clock.advance(10_000);
    notice.show(run('second', 'done', 'b'));
    await clock.advance(10_000);
    expect(window.open).toEqual([expect.stringMatching(/“second”/)]);
    await clock.advance(10_000);
    expect(window.open).toEqual([]);
  });

  it('dismissing with nothing shown does nothing', async () => {
    const { window, notice } = setUp();
    notice.dismiss();
    await flush();
    expect(window.notices).toEqual([]);
  });
});

describe('the no-model notice', () => {
  const openSetting = (setting: string) => `(command:workbench.action.openSettings?${encodeURIComponent(JSON.stringify([setting]))})`;

  it('says what to configure, with links to the key box and to the missing setting', () => {
    const reason = { message: 'The OpenAI-compatible model is not configured: set "rlm.model".', needsKey: true, setting: 'rlm.model' };
    expect(noModelMessage(reason, '@ext:ask-rlm.ask-rlm')).toBe(
      `${reason.message} [Set API Key](command:rlm.setApiKey) · [Open rlm.model]${openSetting('rlm.model')}`,
    );
  });

  it('offers no key when a key would not help, and all the extension’s settings when none is named', () => {
    const reason = { message: 'No Copilot language model is available. Sign in to GitHub Copilot…', needsKey: false };
    expect(noModelMessage(reason, '@ext:ask-rlm.ask-rlm')).toBe(`${reason.message} [Open Settings]${openSetting('@ext:ask-rlm.ask-rlm')}`);
  });

  it('fades like the run-ended notice and replaces it: one notice at a time', async () => {
    const { window, clock, notice } = setUp();
    notice.show(run('first'));
    notice.showMessage('Ask RLM needs a language model. [Open Settings](command:x)');
    await flush();
    expect(window.open).toEqual(['Ask RLM needs a language model. [Open Settings](command:x)']);
    await clock.advance(19_999);
    expect(window.open).toHaveLength(1);
    await clock.advance(1);
    expect(window.open).toEqual([]);
  });
});
