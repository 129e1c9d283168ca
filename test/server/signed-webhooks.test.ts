import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.ts';

const FIXTURE = new URL(
  '../fixtures/webex/webhook_delivery_messages_created.json',
  import.meta.url,
);

describe('signed webhook intake', () => {
  let sandbox: TestSandbox;
  let body: Buffer;
  let secret: string;
  before(async () => {
    sandbox = await startSandbox();
    body = await readFile(FIXTURE);
    secret = sandbox.running.bot.deps.deriveSecret('messages');
  });
  after(() => sandbox.close());

  const deliver = (bytes: Buffer | string, signature?: string) =>
    fetch(`${sandbox.running.url}/webhooks/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature === undefined ? {} : { 'x-spark-signature': signature }),
      },
      body: bytes,
    });
  const sign = (bytes: Buffer | string) =>
    createHmac('sha1', secret).update(bytes).digest('hex');

  it('registers its webhooks with the secret it verifies with', async () => {
    const { webhooks } = (await sandbox.state()) as unknown as {
      webhooks: Array<{ resource: string; secret?: string; targetUrl: string }>;
    };
    const messages = webhooks.filter((hook) => hook.resource === 'messages');
    assert.equal(messages.length, 1);
    assert.equal(messages[0]?.secret, secret);
    assert.equal(
      messages[0]?.targetUrl,
      `${sandbox.config.publicUrl}/webhooks/messages`,
    );
  });

  it('accepts a delivery signed over its exact bytes', async () => {
    const response = await deliver(body, sign(body));
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('content-type'), null);
    assert.equal(await response.text(), '');
  });

  it('refuses a delivery without a signature, saying why in JSON', async () => {
    const response = await deliver(body);
    assert.equal(response.status, 401);
    assert.equal(
      response.headers.get('content-type'),
      'application/json; charset=utf-8',
    );
    assert.deepEqual(await response.json(), {
      message: 'Invalid X-Spark-Signature.',
    });
  });

  it('refuses a wrong signature', async () => {
    assert.equal((await deliver(body, sign(`${body} `))).status, 401);
    assert.equal((await deliver(body, 'not-hex')).status, 401);
  });

  it('refuses the same JSON re-serialized under the original signature', async () => {
    const compact = JSON.stringify(JSON.parse(body.toString('utf8')));
    assert.notEqual(compact, body.toString('utf8'));
    assert.equal((await deliver(compact, sign(body))).status, 401);
  });

  it('answers 400 to a signed body that is not a delivery', async () => {
    assert.equal((await deliver('{"id":', sign('{"id":'))).status, 400);
    assert.equal((await deliver('[1]', sign('[1]'))).status, 400);
  });

  it('answers 413 to a body over the limit', async () => {
    const big = JSON.stringify({ data: { pad: 'x'.repeat(70 * 1024) } });
    assert.equal((await deliver(big, sign(big))).status, 413);
  });

  it('reports itself alive', async () => {
    const response = await fetch(`${sandbox.running.url}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  it('answers 503 when it cannot journal the delivery, and stays up', async () => {
    const fresh = Buffer.from(
      body.toString('utf8').replace(/"id":\s*"/, '"id": "x'),
    );
    await sandbox.running.store.close();
    const response = await deliver(fresh, sign(fresh));
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '5');
    assert.deepEqual(await response.json(), {
      message: 'Temporarily unavailable, deliver again.',
    });
    const health = await fetch(`${sandbox.running.url}/healthz`);
    assert.equal(health.status, 200);
  });
});
