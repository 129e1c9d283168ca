import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type Sandbox, startSandbox } from '../../src/sandbox/start-sandbox.ts';
import {
  browserSkipReason,
  launchChromium,
  saveFailureScreenshot,
} from './chromium.ts';

const STEP_TIMEOUT_MS = 5_000;
const skip = browserSkipReason();

describe('the console softphone', { skip }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wxc-softphone-'));
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;

  before(async () => {
    sandbox = await startSandbox({
      port: 0,
      botPort: 0,
      dataDir,
      logLevel: 'silent',
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
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
    await browser?.close();
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Opens the console as `as`; a failing step leaves a screenshot. */
  async function onConsole(
    name: string,
    as: string,
    steps: (page: Page) => Promise<void>,
  ) {
    try {
      await page.goto(`${sandbox.consoleUrl}/?as=${encodeURIComponent(as)}`);
      await page.locator('[data-live="open"]').waitFor();
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
});
