import { IsolatedVmSandbox } from '../../src/sandbox/isolatedVm/isolatedVmSandbox.js';
import { describeSandboxContract } from './sandboxContract.js';

describeSandboxContract('isolated-vm', (options) => IsolatedVmSandbox.create(options));
