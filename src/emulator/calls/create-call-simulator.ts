/**
 * The emulator's Webex Calling call simulator: the call-control API
 * under `/v1/telephony/calls` and the sandbox's `/_sandbox/calls`.
 */
import type { CallSimulatorPlugin, EmulatorCore } from '../contract.ts';
import { CallSwitch } from './call-switch.ts';
import { toCall } from './call-view.ts';
import { registerCallControlRoutes } from './register-call-control-routes.ts';
import { registerSandboxCallRoutes } from './register-sandbox-call-routes.ts';
import { lineView } from './sandbox-actions.ts';
import { runIntent } from './takeover-actions.ts';

export interface CallSimulatorOptions {
  /** How long a call rings unanswered before it is missed (30000). */
  ringTimeoutMs?: number;
}

export function createCallSimulator(
  core: EmulatorCore,
  options: CallSimulatorOptions = {},
): CallSimulatorPlugin {
  const calls = new CallSwitch(
    core,
    options.ringTimeoutMs ?? 30_000,
    runIntent,
  );

  const snapshot = () => ({
    calls: [...calls.legs.values()].map((leg) => ({
      personId: leg.personId,
      ...toCall(leg),
    })),
    parks: [...calls.parks.values()],
    lines: calls.lines().map((line) => lineView(calls, line)),
    history: calls.history.snapshot(),
  });

  return {
    register(app) {
      registerCallControlRoutes(app, core, calls);
      registerSandboxCallRoutes(app, calls, snapshot);
    },
    snapshot,
    reset: () => calls.clear(),
    close: () => calls.stop(),
  };
}
