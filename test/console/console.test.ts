import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Sandbox } from '../../src/sandbox/start-sandbox.ts';
import {
  browserSkipReason,
  type ConsoleBrowser,
  openConsoleAs,
  openConsoleBrowser,
  saveFailureScreenshot,
  signInThroughPopup,
} from './chromium.ts';

const STEP_TIMEOUT_MS = 5_000;
const skip = browserSkipReason();

interface SandboxState {
  people: { email: string; type: string; accessToken: string | null }[];
  attachmentActions: { messageId: string; inputs: Record<string, unknown> }[];
}

describe('the web console', { skip }, () => {
  let opened: ConsoleBrowser | undefined;
  let sandbox: Sandbox;
  let page: Page;

  before(async () => {
    opened = await openConsoleBrowser({
      dataDirPrefix: 'wxc-console-',
      stepTimeoutMs: STEP_TIMEOUT_MS,
    });
    ({ sandbox, page } = opened);
    await openConsoleAs(page, sandbox.consoleUrl, 'alice@example.com');
  });

  after(async () => {
    await opened?.close();
  });

  /** Runs `steps` on the console page; a failure leaves a screenshot. */
  async function asAlice(name: string, steps: (page: Page) => Promise<void>) {
    try {
      await steps(page);
    } catch (error) {
      await saveFailureScreenshot(page, name);
      throw error;
    }
  }

  async function state(): Promise<SandboxState> {
    const response = await fetch(`${sandbox.consoleUrl}/_sandbox/state`);
    return (await response.json()) as SandboxState;
  }

  async function postAsBot(body: Record<string, unknown>): Promise<string> {
    const bot = (await state()).people.find((person) => person.type === 'bot');
    const response = await fetch(`${sandbox.apiUrl}/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${bot?.accessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ toPersonEmail: 'alice@example.com', ...body }),
    });
    assert.equal(response.status, 200);
    return ((await response.json()) as { id: string }).id;
  }

  async function say(text: string): Promise<void> {
    await page.getByTestId('chat-input').fill(text);
    await page.getByTestId('chat-send').click();
  }

  function botSays(text: string | RegExp) {
    return page.getByTestId('message-bot').filter({ hasText: text }).last();
  }

  it('authorizes, relays an incoming call as a card, and answers it', async () => {
    await asAlice('console-call-flow', async () => {
      await say('/auth');
      const link = botSays('Authorize me').locator('a[href*="/authorize"]');
      assert.match(
        await signInThroughPopup(page, link, 'alice@example.com'),
        /^\/redirect$/,
      );
      await botSays('You are authorized').waitFor();

      await say('/monitor on');
      await botSays('Call monitoring is on').waitFor();

      await page.getByTestId('ring-name').fill('Sam Customer');
      await page.getByTestId('ring-from').fill('+15555550123');
      await page.getByTestId('ring-button').click();
      const card = page
        .getByTestId('chat-card')
        .filter({ hasText: 'Incoming call from Sam Customer' })
        .last();
      await card.getByRole('button', { name: 'Answer' }).click();

      const call = page.getByTestId('phone-call');
      await call.and(page.locator('[data-state="connected"]')).waitFor();
      assert.match((await call.textContent()) ?? '', /Sam Customer/);

      await say('/hangup');
      await page.getByTestId('phone-idle').waitFor();

      await say('/history');
      await botSays('+15555550123').waitFor();
    });
  });

  it('shows a message typed in the console in the chat', async () => {
    await asAlice('console-chat', async (page) => {
      await page.getByTestId('chat-input').fill('hello from the console');
      await page.getByTestId('chat-send').click();
      await page
        .getByTestId('message-mine')
        .filter({ hasText: 'hello from the console' })
        .waitFor();
    });
  });

  it("renders the bot's markdown with links opening in a new tab", async () => {
    await asAlice('console-markdown', async (page) => {
      await postAsBot({
        text: 'Sign in',
        markdown:
          '**Sign in** [here](http://localhost/x) <b>raw</b> ' +
          '[bad](javascript:alert(1))',
      });
      const bubble = page
        .getByTestId('message-bot')
        .filter({ hasText: 'Sign in' })
        .last();
      await bubble.waitFor();
      assert.equal(
        await bubble.locator('strong').first().textContent(),
        'Sign in',
      );
      const here = bubble.locator('a', { hasText: 'here' });
      assert.equal(await here.getAttribute('target'), '_blank');
      assert.equal(await bubble.locator('b').count(), 0);
      assert.match((await bubble.textContent()) ?? '', /<b>raw<\/b>/);
      const bad = bubble.locator('a', { hasText: 'bad' });
      assert.equal(await bad.getAttribute('href'), null);
    });
  });

  it("shows the emulator's sign-in link as a button on the console's origin", async () => {
    await asAlice('console-sign-in-link', async () => {
      const consoleUrl = new URL(sandbox.consoleUrl);
      const query = '?response_type=code&client_id=C1';
      await postAsBot({
        markdown:
          `[Authorize me here](http://127.0.0.1:${consoleUrl.port}/v1/authorize${query})` +
          ' (sign in as alice@example.com), or read ' +
          '[the docs](https://example.com/v1/authorize).',
      });
      const bubble = botSays('Authorize me here');
      const signIn = bubble.getByTestId('sign-in-link');
      await signIn.waitFor();
      assert.equal(await signIn.textContent(), 'Authorize me here');
      assert.equal(await signIn.getAttribute('title'), 'Open the sign-in page');
      assert.equal(
        await signIn.getAttribute('href'),
        `${consoleUrl.origin}/v1/authorize${query}`,
      );
      assert.equal(await bubble.locator('a.sign-in-link').count(), 1);
      const mail = bubble.locator('a[href^="mailto:"]');
      assert.equal(await mail.textContent(), 'alice@example.com');
      const docs = bubble.locator('a', { hasText: 'the docs' });
      assert.equal(
        await docs.getAttribute('href'),
        'https://example.com/v1/authorize',
      );
    });
  });

  it('shows plain text as it was typed, never as markdown or html', async () => {
    await asAlice('console-plain-text', async (page) => {
      await say('**md** <b>bold?</b> _plain_');
      const mine = page
        .getByTestId('message-mine')
        .filter({ hasText: '**md**' })
        .last();
      await mine.waitFor();
      assert.equal(await mine.locator('strong, b').count(), 0);
      assert.equal(
        await mine.getByTestId('message-text').textContent(),
        '**md** <b>bold?</b> _plain_',
      );

      await postAsBot({ text: 'plain **stars** from the bot' });
      const fromBot = botSays('plain **stars** from the bot');
      await fromBot.waitFor();
      assert.equal(await fromBot.locator('strong').count(), 0);
    });
  });

  it("submits an adaptive card's inputs as the person", async () => {
    await asAlice('console-card', async (page) => {
      const messageId = await postAsBot({
        text: 'A card',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: {
              type: 'AdaptiveCard',
              version: '1.3',
              body: [
                { type: 'TextBlock', text: 'Where to?' },
                { type: 'Input.Text', id: 'destination' },
              ],
              actions: [
                {
                  type: 'Action.Submit',
                  title: 'Transfer',
                  data: { action: 'transfer' },
                },
              ],
            },
          },
        ],
      });
      const card = page.locator(`[data-message-id="${messageId}"]`);
      await card.locator('input').fill('1002');
      await card.getByRole('button', { name: 'Transfer' }).click();

      const deadline = Date.now() + STEP_TIMEOUT_MS;
      let action: SandboxState['attachmentActions'][number] | undefined;
      while (!action && Date.now() < deadline) {
        action = (await state()).attachmentActions.find(
          (candidate) => candidate.messageId === messageId,
        );
        if (!action) await page.waitForTimeout(100);
      }
      assert.deepEqual(action?.inputs, {
        action: 'transfer',
        destination: '1002',
      });
    });
  });

  it('adds a person and switches the console to them', async () => {
    await asAlice('console-add-person', async () => {
      await page.getByTestId('add-person').locator('summary').click();
      await page.getByTestId('add-person-name').fill('Carol Example');
      await page.getByTestId('add-person-email').fill('carol@example.com');
      await page.getByTestId('add-person-form').getByRole('button').click();

      await page
        .getByTestId('phone-line')
        .filter({ hasText: 'No Webex Calling line' })
        .waitFor();
      assert.equal(
        await page.getByTestId('person-select').inputValue(),
        'carol@example.com',
      );
      assert.equal(await page.getByTestId('message-mine').count(), 0);

      await page.getByTestId('person-select').selectOption('alice@example.com');
      await page
        .getByTestId('phone-line')
        .filter({ hasText: 'ext 1001' })
        .waitFor();
      assert.ok((await page.getByTestId('message-mine').count()) > 0);
    });
  });

  it('rings the person from outside and drives the call from the softphone', async () => {
    await asAlice('console-softphone', async (page) => {
      await page.getByTestId('ring-name').fill('Pat External');
      await page.getByTestId('ring-from').fill('+15555550199');
      await page.getByTestId('ring-button').click();
      const call = page.getByTestId('phone-call');
      await call.and(page.locator('[data-state="alerting"]')).waitFor();
      assert.match((await call.textContent()) ?? '', /Pat External/);

      await call.getByTestId('call-answer').click();
      await call.and(page.locator('[data-state="connected"]')).waitFor();
      await call.getByTestId('call-hold').click();
      await call.and(page.locator('[data-state="held"]')).waitFor();
      await call.getByTestId('call-resume').click();
      await call.and(page.locator('[data-state="connected"]')).waitFor();
      await call.getByTestId('call-hangup').click();
      await page.getByTestId('phone-idle').waitFor();
    });
  });

  it('shows a display name with markup as text in every panel', async () => {
    await asAlice('console-markup-name', async (page) => {
      const name = '<img src=x onerror=alert(1)>';
      let dialogs = 0;
      page.on('dialog', (dialog) => {
        dialogs += 1;
        void dialog.dismiss();
      });
      const added = await fetch(`${sandbox.consoleUrl}/_sandbox/people`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          displayName: name,
          email: 'markup@example.com',
          extension: '1009',
        }),
      });
      assert.equal(added.status, 201);

      const picker = page.getByTestId('person-select');
      await picker
        .locator('option', { hasText: 'markup@example.com' })
        .waitFor({ state: 'attached' });
      assert.equal(
        await picker
          .locator('option[value="markup@example.com"]')
          .textContent(),
        `${name} (markup@example.com)`,
      );

      const rang = await fetch(`${sandbox.consoleUrl}/_sandbox/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          from: 'markup@example.com',
          to: 'alice@example.com',
        }),
      });
      assert.equal(rang.status, 201);
      const call = page.getByTestId('phone-call');
      await call.getByTestId('call-party').filter({ hasText: name }).waitFor();

      await picker.selectOption('markup@example.com');
      await say(name);
      await page
        .getByTestId('message-mine')
        .filter({ hasText: name })
        .waitFor();
      await page.getByTestId('delivery').first().waitFor();

      assert.equal(await page.locator('img').count(), 0);
      assert.equal(dialogs, 0);
      await picker.selectOption('alice@example.com');
      await call.getByTestId('call-decline').click();
      await page.getByTestId('phone-idle').waitFor();
    });
  });
});
