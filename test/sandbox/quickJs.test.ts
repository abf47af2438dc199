import { QuickJsSandbox } from '../../src/sandbox/quickjs/quickJsSandbox.js';
import { describeSandboxContract } from './sandboxContract.js';

describeSandboxContract('quickjs', (options) => QuickJsSandbox.create(options));
