// Picks and starts a sandbox engine. Today there is one; the quickjs engine joins it later
// behind the same interface for hosts where the native isolated-vm module cannot load.
import type { Sandbox, SandboxOptions } from './sandbox.js';

export type SandboxEngineName = 'isolated-vm';

export async function createSandbox(options: SandboxOptions, engine: SandboxEngineName = 'isolated-vm'): Promise<Sandbox> {
  switch (engine) {
    case 'isolated-vm': {
      // Loaded on demand so a host without the native module fails here, with a clear error.
      const { IsolatedVmSandbox } = await import('./isolatedVm/isolatedVmSandbox.js');
      return IsolatedVmSandbox.create(options);
    }
  }
}
