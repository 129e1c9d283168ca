import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createServer } from '../../src/server/create-server.ts';
import { startSandbox, type TestSandbox } from '../helpers/sandbox.ts';

const LIMIT = 1024;

/** Asserts the bot's shape: only a message, nothing of Fastify's. */
async function assertMessage(
  response: Response,
  status: number,
  message: RegExp,
): Promise<string> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  const body = JSON.parse(text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body), ['message']);
  assert.match(String(body.message), message);
  assert.doesNotMatch(text, /FST_|statusCode|Route |\bat /);
  return text;
}

describe('the server answers errors in its own shape', () => {
  let app: FastifyInstance;
  let base: string;
  before(async () => {
    app = createServer({
      logger: pino({ level: 'silent' }),
      bodyLimitBytes: LIMIT,
    });
    app.post('/things/:id', async (request) => ({
      size: (request.body as Buffer).length,
    }));
    app.get('/boom', async () => {
      throw new Error('secret detail of the failure');
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(() => app.close());

  it('answers 404 to an unknown path without repeating it', async () => {
    const text = await assertMessage(
      await fetch(`${base}/nowhere-to-be-found`),
      404,
      /^Nothing is served here\.$/,
    );
    assert.doesNotMatch(text, /nowhere-to-be-found/);
  });

  it('answers 405 with Allow to a known path and another method', async () => {
    const response = await fetch(`${base}/things/42`);
    assert.equal(response.headers.get('allow'), 'POST');
    await assertMessage(response, 405, /^This path takes POST only\.$/);
  });

  it('answers 404, not 405, to a known path with a trailing slash', async () => {
    await assertMessage(
      await fetch(`${base}/things/42/`, { method: 'POST', body: 'x' }),
      404,
      /^Nothing is served here\.$/,
    );
  });

  it('answers bytes that are not HTTP with 400 in its shape, and closes', async () => {
    const url = new URL(base);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          'POST /things/1 HTTP/1.1\r\nHost: x\r\n' +
            'Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n',
        );
      });
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        text += chunk;
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(answer, /\r\nConnection: close\r\n/);
    const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
    assert.deepEqual(JSON.parse(body), {
      message: 'The request is not valid HTTP.',
    });
  });

  it('answers 400 to an overlong path segment without repeating it', async () => {
    const long = 'a'.repeat(5000);
    const text = await assertMessage(
      await fetch(`${base}/things/${long}`, { method: 'POST', body: '{}' }),
      400,
      /too long/,
    );
    assert.doesNotMatch(text, /aaaa/);
  });

  it('answers 400 to a path that is not valid percent-encoding', async () => {
    const text = await assertMessage(
      await fetch(`${base}/things/%E0%A4%A`, { method: 'POST', body: '{}' }),
      400,
      /not a valid URL path/,
    );
    assert.doesNotMatch(text, /%E0/);
  });

  it('answers 413 naming the limit, not the body', async () => {
    await assertMessage(
      await fetch(`${base}/things/1`, {
        method: 'POST',
        body: 'z'.repeat(LIMIT + 1),
      }),
      413,
      new RegExp(`^The body is larger than ${LIMIT} bytes\\.$`),
    );
  });

  it('answers 500 without the error text or a stack', async () => {
    const text = await assertMessage(
      await fetch(`${base}/boom`),
      500,
      /on our side/,
    );
    assert.doesNotMatch(text, /secret detail/);
  });
});

describe("the bot's webhook routes keep their answers", () => {
  let sandbox: TestSandbox;
  let secret: string;
  before(async () => {
    sandbox = await startSandbox();
    secret = sandbox.running.bot.deps.deriveSecret('messages');
  });
  after(() => sandbox.close());

  const post = (body: string, signed: boolean) =>
    fetch(`${sandbox.running.url}/webhooks/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signed
          ? {
              'x-spark-signature': createHmac('sha1', secret)
                .update(body)
                .digest('hex'),
            }
          : {}),
      },
      body,
    });

  it('answers GET on the messages webhook with 405, not a route dump', async () => {
    const response = await fetch(`${sandbox.running.url}/webhooks/messages`);
    assert.equal(response.headers.get('allow'), 'POST');
    await assertMessage(response, 405, /POST only/);
  });

  it('still answers 401, 400 and 413 in the same shape', async () => {
    await assertMessage(await post('{"data":{}}', false), 401, /Signature/);
    await assertMessage(await post('[]', true), 400, /not a Webex webhook/);
    await assertMessage(
      await post(`{"data":"${'x'.repeat(70_000)}"}`, true),
      413,
      /^The body is larger than 65536 bytes\.$/,
    );
  });
});
