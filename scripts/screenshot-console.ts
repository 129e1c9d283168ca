/**
 * Takes the README's picture of the sandbox console: Alice has authorized
 * the bot, turned monitoring on and answered an outside call from the
 * chat. `node bin/run-ts.js scripts/screenshot-console.ts [out.png]`
 */
import type { Page } from 'playwright-core';
import {
  openConsoleAs,
  openConsoleBrowser,
  signInThroughPopup,
} from '../test/console/chromium.ts';

const out = process.argv[2] ?? 'docs/console.png';
const opened = await openConsoleBrowser({
  dataDirPrefix: 'wxc-screenshot-',
  stepTimeoutMs: 10_000,
  deviceScaleFactor: 1,
});

try {
  const { page, sandbox } = opened;
  await openConsoleAs(page, sandbox.consoleUrl, 'alice@example.com');
  await playScene(page);
  await page.screenshot({ path: out });
  console.log(`Saved ${out}`);
} finally {
  await opened.close();
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
  await signInThroughPopup(page, link, 'alice@example.com');
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
