/**
 * Takes the README's picture of the sandbox console: Alice has authorized
 * the bot, turned monitoring on and answered an outside call from the
 * chat. `node bin/run-ts.js scripts/screenshot-console.ts [out.png]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startSandbox } from '../src/sandbox/start-sandbox.ts';
import { launchChromium } from '../test/console/chromium.ts';

const out = process.argv[2] ?? 'docs/console.png';
const dataDir = mkdtempSync(join(tmpdir(), 'wxc-screenshot-'));
const sandbox = await startSandbox({
  port: 0,
  botPort: 0,
  dataDir,
  logLevel: 'silent',
});
const browser = await launchChromium();

try {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
  });
  page.setDefaultTimeout(10_000);
  await page.goto(`${sandbox.consoleUrl}/?as=alice@example.com`);
  await page.locator('[data-live="open"]').waitFor();
  await playScene(page);
  await page.screenshot({ path: out });
  console.log(`Saved ${out}`);
} finally {
  await browser.close();
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
}

async function playScene(page: Page): Promise<void> {
  const say = async (text: string, reply: string | RegExp) => {
    await page.getByTestId('chat-input').fill(text);
    await page.getByTestId('chat-send').click();
    await botSays(reply).waitFor();
  };
  const botSays = (text: string | RegExp) =>
    page.getByTestId('message-bot').filter({ hasText: text }).last();

  await say('/auth', 'Authorize me');
  const link = botSays('Authorize me').locator('a[href*="/authorize"]');
  const [signIn] = await Promise.all([
    page.waitForEvent('popup'),
    link.click(),
  ]);
  await signIn.locator('button[value="alice@example.com"]').click();
  await signIn.getByText('You are authorized').waitFor();
  await signIn.close();
  await botSays('You are authorized').waitFor();

  await say('/monitor on', 'Call monitoring is on');
  await page.getByTestId('ring-button').click();
  const card = page.getByTestId('chat-card').last();
  await card.getByRole('button', { name: 'Answer' }).click();
  await page
    .locator('[data-testid="phone-call"][data-state="connected"]')
    .waitFor();
  await say('/calls', /Pat External/);
  await page.getByTestId('dial-input').fill('1002');
  // Let the last deliveries and renders settle.
  await page.waitForTimeout(500);
}
