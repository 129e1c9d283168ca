import assert from 'node:assert/strict';
import { type AddressInfo, createServer } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, beforeEach, describe, it } from 'node:test';
import { pino } from 'pino';
import {
  WebexApiError,
  WebexError,
  WebexNetworkError,
  WebexRateLimitError,
  WebexTimeoutError,
} from '../../src/webex/errors.ts';
import type { RetryPolicy } from '../../src/webex/retry-policy.ts';
import {
  WebexHttp,
  type WebexHttpOptions,
} from '../../src/webex/webex-http.ts';
import {
  type ScriptedServer,
  startScriptedServer,
  webexError,
} from './scripted-server.ts';

const TOKEN = 'SECRET_ACCESS_TOKEN_0123456789';
const POLICY: RetryPolicy = {
  retryStatuses: [429, 502, 503, 504],
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  maxRetryAfterMs: 60_000,
  totalBudgetMs: 120_000,
};

let server: ScriptedServer;
let sleeps: number[];

before(async () => {
  server = await startScriptedServer();
});
after(() => server.close());
beforeEach(() => {
  sleeps = [];
});

function http(options: Partial<WebexHttpOptions> = {}): WebexHttp {
  return new WebexHttp({
    baseUrl: `${server.origin}/v1`,
    retryPolicy: POLICY,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
}

/** A port nothing listens on any more. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

const get = (client: WebexHttp) =>
  client.request<{ id: string }>({
    operation: 'people.me',
    method: 'GET',
    path: 'people/me',
    token: TOKEN,
  });

const post = (client: WebexHttp) =>
  client.request({
    operation: 'calls.dial',
    method: 'POST',
    path: 'telephony/calls/dial',
    json: { destination: '1002' },
    token: TOKEN,
  });

describe('WebexHttp', () => {
  it('sends the bearer token, a TrackingID and the JSON body', async () => {
    server.script(() => ({ status: 201, body: { callId: 'c1' } }));

    const response = await post(http());

    assert.equal(response.status, 201);
    assert.deepEqual(response.body, { callId: 'c1' });
    const [request] = server.requests;
    assert.equal(request?.url, '/v1/telephony/calls/dial');
    assert.equal(request?.headers.authorization, `Bearer ${TOKEN}`);
    assert.match(String(request?.headers.trackingid), /^WXCC_[0-9a-f-]{36}$/);
    assert.deepEqual(JSON.parse(request?.body ?? ''), { destination: '1002' });
  });

  it('waits Retry-After seconds on a 429, then succeeds', async () => {
    server.script((_request, index) =>
      index === 0
        ? { status: 429, headers: { 'retry-after': '7' }, body: {} }
        : { body: { id: 'p1' } },
    );

    const response = await get(http());

    assert.equal(response.body.id, 'p1');
    assert.equal(server.requests.length, 2);
    assert.deepEqual(sleeps, [7_000]);
  });

  it('reads Retry-After given as an HTTP date', async () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const retryAt = new Date(now + 12_000).toUTCString();
    server.script((_request, index) =>
      index === 0
        ? { status: 429, headers: { 'retry-after': retryAt }, body: {} }
        : { body: { id: 'p1' } },
    );

    await get(http({ now: () => now }));

    assert.deepEqual(sleeps, [12_000]);
  });

  it('fails fast when Retry-After exceeds the cap', async () => {
    server.script(() => ({
      status: 429,
      headers: { 'retry-after': '300' },
      body: webexError('Too many requests', 'ROUTER_RL'),
    }));

    const error = await get(http()).catch((caught: unknown) => caught);

    assert.ok(error instanceof WebexRateLimitError);
    assert.equal(error.retryAfterMs, 300_000);
    assert.equal(error.status, 429);
    assert.equal(error.trackingId, 'ROUTER_RL');
    assert.equal(server.requests.length, 1);
    assert.deepEqual(sleeps, []);
  });

  it('retries a POST on 429: Webex did not process it', async () => {
    server.script((_request, index) =>
      index === 0
        ? { status: 429, headers: { 'retry-after': '1' }, body: {} }
        : { status: 201, body: { callId: 'c1' } },
    );

    await post(http());

    assert.equal(server.requests.length, 2);
  });

  it('backs off within bounds on 503 and gives up after maxAttempts', async () => {
    server.script(() => ({ status: 503, body: webexError('Unavailable') }));

    const error = await get(http({ random: () => 0.999 })).catch(
      (caught: unknown) => caught,
    );

    assert.ok(error instanceof WebexApiError);
    assert.ok(!(error instanceof WebexRateLimitError));
    assert.equal(error.status, 503);
    assert.equal(server.requests.length, POLICY.maxAttempts);
    assert.equal(sleeps.length, POLICY.maxAttempts - 1);
    sleeps.forEach((ms, index) => {
      const ceiling = Math.min(
        POLICY.maxDelayMs,
        POLICY.baseDelayMs * 2 ** index,
      );
      assert.ok(ms >= 0 && ms < ceiling, `${ms} within ${ceiling}`);
    });
  });

  it('stops retrying when the total time budget is spent', async () => {
    let clock = 0;
    server.script(() => ({ status: 502, body: {} }));
    const client = http({
      now: () => clock,
      retryPolicy: { ...POLICY, totalBudgetMs: 1_000 },
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += 950;
      },
    });

    await assert.rejects(get(client), WebexApiError);
    assert.equal(server.requests.length, 2);
  });

  it('does not repeat a POST after a 502', async () => {
    server.script(() => ({ status: 502, body: webexError('Bad gateway') }));

    await assert.rejects(post(http()), WebexApiError);
    assert.equal(server.requests.length, 1);
  });

  it('repeats a POST after a 503 with Retry-After', async () => {
    server.script((_request, index) =>
      index === 0
        ? { status: 503, headers: { 'retry-after': '2' }, body: {} }
        : { status: 201, body: { callId: 'c1' } },
    );

    await post(http());

    assert.equal(server.requests.length, 2);
    assert.deepEqual(sleeps, [2_000]);
  });

  it('does not repeat a POST cut off after it was sent', async () => {
    server.script(() => 'destroy');

    const error = await post(http()).catch((caught: unknown) => caught);

    assert.ok(error instanceof WebexNetworkError);
    assert.equal(server.requests.length, 1);
  });

  it('repeats a GET cut off by the network', async () => {
    server.script((_request, index) =>
      index === 0 ? 'destroy' : { body: { id: 'p1' } },
    );

    const response = await get(http());

    assert.equal(response.body.id, 'p1');
    assert.equal(server.requests.length, 2);
  });

  it('times out a silent server with WebexTimeoutError', async () => {
    server.script(() => 'hang');

    const error = await post(http({ timeoutMs: 50 })).catch(
      (caught: unknown) => caught,
    );

    assert.ok(error instanceof WebexTimeoutError);
    assert.equal(error.timeoutMs, 50);
    assert.match(error.message, /calls\.dial/);
  });

  it('times out a body that stops halfway, as a whole attempt', async () => {
    server.script(() => 'stall-body');

    const error = await get(
      http({ timeoutMs: 50, retryPolicy: { ...POLICY, maxAttempts: 1 } }),
    ).catch((caught: unknown) => caught);

    assert.ok(error instanceof WebexTimeoutError);
    assert.equal(server.requests.length, 1);
  });

  it("stops at once when the caller's signal aborts", async () => {
    server.script(() => 'hang');
    const controller = new AbortController();
    const pending = http().request({
      operation: 'people.me',
      method: 'GET',
      path: 'people/me',
      token: TOKEN,
      signal: controller.signal,
    });

    setTimeout(() => controller.abort(new Error('shutting down')), 20);

    await assert.rejects(pending, /shutting down/);
    assert.equal(server.requests.length, 1);
  });

  it('parses message, errors and trackingId from a Webex error body', async () => {
    server.script(() => ({
      status: 404,
      body: webexError('Call not found', 'NA_abc'),
    }));

    const error = await post(http()).catch((caught: unknown) => caught);

    assert.ok(error instanceof WebexApiError);
    assert.equal(error.status, 404);
    assert.equal(error.webexMessage, 'Call not found');
    assert.deepEqual(error.errors, [{ description: 'Call not found' }]);
    assert.equal(error.trackingId, 'NA_abc');
    assert.equal(error.operation, 'calls.dial');
    assert.match(error.message, /calls\.dial.*404.*Call not found.*NA_abc/);
  });

  it('falls back to the trackingId response header', async () => {
    server.script(() => ({
      status: 400,
      headers: { trackingid: 'HDR_123' },
      body: 'not json',
    }));

    const error = await get(http()).catch((caught: unknown) => caught);

    assert.ok(error instanceof WebexApiError);
    assert.equal(error.trackingId, 'HDR_123');
  });

  it('reports an unreachable server as a network error', async () => {
    const client = http({
      baseUrl: `http://127.0.0.1:${await closedPort()}/v1`,
      retryPolicy: { ...POLICY, maxAttempts: 2 },
    });

    const error = await post(client).catch((caught: unknown) => caught);

    assert.ok(error instanceof WebexNetworkError);
    // The connection was refused: the POST never left, so it was retried.
    assert.equal(sleeps.length, 1);
  });

  it('keeps tokens out of errors and log lines', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ level: 'debug' }, sink);
    server.script(() => ({
      status: 401,
      body: webexError(`Token ${TOKEN} is invalid`),
    }));

    const error = await http({ logger })
      .request({
        operation: 'oauth.refresh',
        method: 'POST',
        path: 'access_token',
        query: { code: 'OAUTH_CODE_SECRET', max: 2 },
        form: { refresh_token: 'REFRESH_SECRET_123456' },
        token: TOKEN,
      })
      .catch((caught: unknown) => caught);

    assert.ok(error instanceof WebexError);
    const everything = `${String(error)} ${JSON.stringify(error)} ${lines.join('')}`;
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /"status":401/);
    assert.match(lines[0] ?? '', /max=2/);
    for (const secret of [TOKEN, 'OAUTH_CODE_SECRET', 'REFRESH_SECRET']) {
      assert.ok(!everything.includes(secret), `${secret} leaked`);
    }
  });

  it('reports each response to onResponse', async () => {
    const seen: Array<{ status: number; attempt: number }> = [];
    server.script((_request, index) =>
      index === 0 ? { status: 503, body: {} } : { body: { id: 'p1' } },
    );

    await get(
      http({
        onResponse: ({ status, attempt }) => seen.push({ status, attempt }),
      }),
    );

    assert.deepEqual(seen, [
      { status: 503, attempt: 1 },
      { status: 200, attempt: 2 },
    ]);
  });
});
