// Ends the run with one plain line, "N passed, N failed, N skipped", that any CI log reader understands.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const count = (state: 'passed' | 'failed' | 'skipped') =>
      testModules.reduce((n, module) => n + [...module.children.allTests(state)].length, 0);
    // A file that failed outside its tests (a failing hook, an import error) counts once.
    const failedModules = testModules.filter((m) => m.state() === 'failed' && [...m.children.allTests('failed')].length === 0).length;
    process.stdout.write(`\n${count('passed')} passed, ${count('failed') + failedModules} failed, ${count('skipped')} skipped\n`);
  }
}
