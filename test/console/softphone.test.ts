import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Sandbox } from '../../src/sandbox/start-sandbox.ts';
import {
  browserSkipReason,
  type ConsoleBrowser,
  openConsoleAs,
  openConsoleBrowser,
  saveFailureScreenshot,
} from './chromium.ts';

const STEP_TIMEOUT_MS = 5_000;
const skip = browserSkipReason();

interface SandboxPersonState {
  email: string;
  accessToken: string | null;
}

describe('the console softphone', { skip }, () => {
  let opened: ConsoleBrowser | undefined;
  let sandbox: Sandbox;
  let page: Page;

  before(async () => {
    opened = await openConsoleBrowser({
      dataDirPrefix: 'wxc-softphone-',
      stepTimeoutMs: STEP_TIMEOUT_MS,
    });
    ({ sandbox, page } = opened);
  });

  // A failed test must not leave its calls on the next test's phone.
  beforeEach(async () => {
    for (const call of (await sandboxCalls()) as { id: string }[]) {
      await fetch(`${sandbox.consoleUrl}/_sandbox/calls/${call.id}/hangup`, {
        method: 'POST',
      });
    }
  });

  after(async () => {
    await opened?.close();
  });

  /** Opens the console as `as`; a failing step leaves a screenshot. */
  async function onConsole(
    name: string,
    as: string,
    steps: (page: Page) => Promise<void>,
  ) {
    try {
      await openConsoleAs(page, sandbox.consoleUrl, as);
      await steps(page);
    } catch (error) {
      await saveFailureScreenshot(page, name);
      throw error;
    }
  }

  async function sandboxCalls(): Promise<unknown[]> {
    const response = await fetch(`${sandbox.consoleUrl}/_sandbox/calls`);
    const body = (await response.json()) as { calls: unknown[] };
    return body.calls;
  }

  async function aliceApi(path: string, body: unknown): Promise<number> {
    const state = await fetch(`${sandbox.consoleUrl}/_sandbox/state`);
    const { people } = (await state.json()) as {
      people: SandboxPersonState[];
    };
    const alice = people.find((p) => p.email === 'alice@example.com');
    const response = await fetch(`${sandbox.apiUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${alice?.accessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    return response.status;
  }

  it('lets the person play the outside party: they answer, they hang up', async () => {
    await onConsole('softphone-far-end', 'alice@example.com', async () => {
      await page.getByTestId('dial-input').fill('+15555550123');
      await page.getByTestId('dial-button').click();
      const call = page.getByTestId('phone-call');
      await call.and(page.locator('[data-state="connecting"]')).waitFor();
      assert.ok(await call.getByTestId('call-cancel').isVisible());

      await call.getByTestId('call-theyanswer').click();
      await call.and(page.locator('[data-state="connected"]')).waitFor();
      assert.equal(await call.getByTestId('call-theyanswer').count(), 0);
      await call.getByTestId('call-theyhangup').click();
      await page.getByTestId('phone-idle').waitFor();
    });
  });

  it('offers no far-end actions for a call to a sandbox person', async () => {
    await onConsole(
      'softphone-sandbox-callee',
      'alice@example.com',
      async () => {
        await page.getByTestId('dial-input').fill('bob@example.com');
        await page.getByTestId('dial-button').click();
        const call = page.getByTestId('phone-call');
        await call.and(page.locator('[data-state="connecting"]')).waitFor();
        assert.equal(await call.getByTestId('call-theyanswer').count(), 0);
        await call.getByTestId('call-cancel').click();
        await page.getByTestId('phone-idle').waitFor();
      },
    );
  });

  it('refuses to dial what a phone cannot, with an inline message', async () => {
    await onConsole('softphone-dial-check', 'alice@example.com', async () => {
      for (const bad of ['zzz', 'nobody@example.com', '12+34']) {
        await page.getByTestId('dial-input').fill(bad);
        await page.getByTestId('dial-button').click();
        const error = page.getByTestId('dial-error');
        await error.waitFor();
        assert.match((await error.textContent()) ?? '', /cannot be dialled/);
      }
      assert.deepEqual(await sandboxCalls(), []);
      await page.getByTestId('phone-idle').waitFor();

      await page.getByTestId('dial-input').fill('*73');
      await page.getByTestId('dial-button').click();
      await page.getByTestId('phone-call').waitFor();
      assert.equal(await page.getByTestId('dial-error').isVisible(), false);
      await page.getByTestId('call-cancel').click();
      await page.getByTestId('phone-idle').waitFor();
    });
  });

  it('refuses to ring from something that is not a phone number', async () => {
    await onConsole('softphone-ring-check', 'alice@example.com', async () => {
      await page.getByTestId('ring-from').fill('not a number');
      await page.getByTestId('ring-button').click();
      const error = page.getByTestId('ring-error');
      await error.waitFor();
      assert.match((await error.textContent()) ?? '', /not a phone number/);
      assert.deepEqual(await sandboxCalls(), []);
    });
  });

  it('says so when the person asked for does not exist', async () => {
    await onConsole(
      'softphone-unknown-person',
      'nobody@example.com',
      async () => {
        const notice = page.getByTestId('person-notice');
        await notice.waitFor();
        const text = (await notice.textContent()) ?? '';
        assert.match(text, /nobody@example\.com/);
        assert.match(text, /alice@example\.com/);

        await page.getByTestId('person-select').selectOption('bob@example.com');
        await notice.waitFor({ state: 'hidden' });
      },
    );
  });

  it('shows muted and recording badges from the call', async () => {
    await onConsole('softphone-badges', 'alice@example.com', async () => {
      await page.getByTestId('ring-from').fill('+15555550177');
      await page.getByTestId('ring-button').click();
      const call = page.getByTestId('phone-call');
      await call.getByTestId('call-answer').click();
      await call.and(page.locator('[data-state="connected"]')).waitFor();
      assert.equal(await call.getByTestId('call-muted').count(), 0);
      assert.equal(await call.getByTestId('call-recording').count(), 0);

      const callId = (await call.getAttribute('data-call-id')) ?? '';
      assert.equal(await aliceApi('/telephony/calls/mute', { callId }), 204);
      await call.getByTestId('call-muted').waitFor();
      assert.equal(
        await aliceApi('/telephony/calls/startRecording', { callId }),
        204,
      );
      const recording = call.getByTestId('call-recording');
      await recording.waitFor();
      assert.equal(await recording.textContent(), 'recording');

      await call.getByTestId('call-hangup').click();
      await page.getByTestId('phone-idle').waitFor();
    });
  });
});
