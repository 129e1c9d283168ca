/**
 * What the fault tests share: a sandbox running the calls module with
 * Alice authorized, Webex retries whose waits are recorded instead of
 * slept, and probes for the emulator's request log and call simulator.
 */

import { after, afterEach, before } from 'node:test';
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
  /** Clears armed faults, ends every call and forgets recorded waits. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface FaultSandboxOptions {
  /** Per attempt of a Webex request (2 s unless given). */
  timeoutMs?: number;
  sandbox?: StartSandboxOptions;
}

export async function startFaultSandbox(
  retryPolicy: RetryPolicy,
  options: FaultSandboxOptions = {},
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
    async reset() {
      await clearFaults(sandbox);
      await kit.hangUpEverything();
      sleeps.length = 0;
    },
    close: () => sandbox.close(),
  };
  return kit;
}

/**
 * One fault sandbox for the enclosing `describe`: started before its
 * first test, reset after each test (hooks the suite adds run after
 * that), closed after the last. The returned kit forwards to the one
 * running, so the suite's own functions can close over it.
 */
export function useFaultSandbox(
  retryPolicy: RetryPolicy,
  options: FaultSandboxOptions = {},
): FaultSandbox {
  let running: FaultSandbox | undefined;
  const current = (): FaultSandbox => {
    if (running === undefined) {
      throw new Error('the fault sandbox runs only within a test or hook');
    }
    return running;
  };

  before(async () => {
    running = await startFaultSandbox(retryPolicy, options);
  });
  afterEach(() => current().reset());
  after(() => current().close());

  return {
    get sandbox() {
      return current().sandbox;
    },
    get sleeps() {
      return current().sleeps;
    },
    requestsSince: (mark, method, path) =>
      current().requestsSince(mark, method, path),
    mark: () => current().mark(),
    ask: (text) => current().ask(text),
    hangUpEverything: () => current().hangUpEverything(),
    healthy: () => current().healthy(),
    reset: () => current().reset(),
    close: () => current().close(),
  };
}

/** Clears every armed fault. */
export async function clearFaults(sandbox: TestSandbox): Promise<void> {
  await fetch(`${sandbox.emulator.url}/_sandbox/faults`, { method: 'DELETE' });
}
