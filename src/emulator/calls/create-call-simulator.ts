// Placeholder so the emulator core can be wired before the simulator
// lands; replaced by the real call simulator.
import type { CallSimulatorPlugin, EmulatorCore } from '../contract.ts';

export interface CallSimulatorOptions {
  /** How long a call rings unanswered before it is missed. */
  ringTimeoutMs?: number;
}

export function createCallSimulator(
  _core: EmulatorCore,
  _options: CallSimulatorOptions = {},
): CallSimulatorPlugin {
  return {
    register() {},
    snapshot: () => ({ calls: [] }),
    reset() {},
    close() {},
  };
}
