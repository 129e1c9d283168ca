/**
 * What the fault tests share: a sandbox running the calls module with
 * Alice authorized, Webex retries whose waits are recorded instead of
 * slept, and probes for the emulator's request log and call simulator.
 */

import { createCallsModule } from '../../src/calls/calls-module.ts';
import type { RetryPolicy } from '../../src/webex/retry-policy.ts';
import {
  ALICE,
  type StartSandboxOptions,
  startSandbox,
  type TestSandbox,
} from '../helpers/sandbox.ts';

export const DIAL_PATH = '/v1/telephony/calls/dial';
export const CALLS_PATH = '/v1/telephony/calls';

/** Status codes, "error", tracking ids, HTTP, stack frames. */
export const RAW_FAILURE =
  /\b[45]\d\d\b|error|tracking ?id|HTTP|\n\s+at\s|\.ts:\d+/i;

export interface FaultSandbox {
  sandbox: TestSandbox;
  /** Every wait the Webex client asked for, in milliseconds. */
  sleeps: number[];
  /** Emulator requests for `method path` made after `mark()`. */
  requestsSince(mark: number, method: string, path: string): Promise<number[]>;
  /** The position in the emulator's request log right now. */
  mark(): Promise<number>;
  /** Asks as Alice; the text of the bot's answer. */
  ask(text: string): Promise<string>;
  /** Ends every live call leg in the simulator. */
  hangUpEverything(): Promise<void>;
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

export async function startFaultSandbox(
  retryPolicy: RetryPolicy,
  options: { timeoutMs?: number; sandbox?: StartSandboxOptions } = {},
): Promise<FaultSandbox> {
  const sleeps: number[] = [];
  const sandbox = await startSandbox({
    ...options.sandbox,
    modules: [createCallsModule({ reconcileIntervalMs: 0 })],
    bot: {
      webexOptions: {
        timeoutMs: options.timeoutMs ?? 2000,
        retryPolicy,
        // Record the wait and go on at once: tests prove what was asked.
        async sleep(ms, signal) {
          signal?.throwIfAborted();
          sleeps.push(ms);
        },
      },
    },
  });
  await sandbox.authorize(ALICE);

  const kit: FaultSandbox = {
    sandbox,
    sleeps,
    async mark() {
      return (await sandbox.requests()).length;
    },
    async requestsSince(mark, method, path) {
      return (await sandbox.requests())
        .slice(mark)
        .filter((item) => item.method === method && item.path === path)
        .map((item) => item.status);
    },
    async ask(text) {
      const reply = await sandbox.ask(ALICE, text);
      return reply.markdown ?? reply.text;
    },
    async hangUpEverything() {
      const response = await fetch(`${sandbox.emulator.url}/_sandbox/calls`);
      const { calls } = (await response.json()) as { calls: { id: string }[] };
      for (const call of calls) {
        await fetch(
          `${sandbox.emulator.url}/_sandbox/calls/${call.id}/hangup`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          },
        );
      }
    },
    async healthy() {
      const response = await fetch(`${sandbox.running.url}/healthz`);
      return response.status === 200;
    },
    close: () => sandbox.close(),
  };
  return kit;
}

/** Clears every armed fault. */
export async function clearFaults(sandbox: TestSandbox): Promise<void> {
  await fetch(`${sandbox.emulator.url}/_sandbox/faults`, { method: 'DELETE' });
}
