import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createCallsModule } from '../../src/calls/calls-module.ts';
import type { ReadinessReport } from '../../src/ops/readiness.ts';
import type { Monitor } from '../../src/store/store.ts';
import {
  ALICE,
  BOB,
  startSandbox,
  type TestSandbox,
  waitFor,
} from '../helpers/sandbox.ts';
import { postSigned } from '../helpers/signed-post.ts';

const CALL_EVENT = new URL(
  '../fixtures/webex/webhook_delivery_telephony_calls_created_received.json',
  import.meta.url,
);

describe('health, readiness and metrics', () => {
  let sandbox: TestSandbox;
  let monitor: Monitor;
  before(async () => {
    sandbox = await startSandbox({
      emulator: { webhooks: { maxConsecutiveFailures: 2 } },
      modules: [createCallsModule({ reconcileIntervalMs: 0 })],
      bot: {
        readinessOptions: { botWebhooksCacheMs: 0, monitorsCacheMs: 0 },
      },
    });
    await sandbox.authorize(ALICE);
    await sandbox.ask(ALICE, '/monitor on');
    const alice = await sandbox.person(ALICE);
    const found = await sandbox.running.store.getMonitor(alice.id);
    assert.ok(found?.webhookId, 'monitoring is on');
    monitor = found;
  });
  after(() => sandbox.close());

  const readyz = async () => {
    const response = await fetch(`${sandbox.running.url}/readyz`);
    return {
      status: response.status,
      report: (await response.json()) as ReadinessReport,
    };
  };
  const metrics = async () => {
    const response = await fetch(`${sandbox.running.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/plain/);
    return response.text();
  };
  const sample = (text: string, line: RegExp): number => {
    const match = text.split('\n').find((candidate) => line.test(candidate));
    return match === undefined ? 0 : Number(match.split(' ').pop());
  };

  it('reports ready when the store and every webhook are fine', async () => {
    const { status, report } = await readyz();
    assert.equal(status, 200);
    assert.equal(report.status, 'ready');
    assert.deepEqual(report.checks.store, { ok: true });
    assert.deepEqual(report.checks.botWebhooks, { ok: true });
    assert.deepEqual(report.checks.monitors, { ok: true, inactive: [] });
    assert.deepEqual(report.checks.refreshes, { ok: true, recentFailures: 0 });
  });

  it('counts deliveries by resource and outcome', async () => {
    const before = sample(
      await metrics(),
      /^wxc_webhook_deliveries_total\{resource="messages",outcome="accepted"\}/,
    );
    await sandbox.ask(ALICE, '/help');
    const bad = await fetch(`${sandbox.running.url}/webhooks/messages`, {
      method: 'POST',
      headers: { 'x-spark-signature': 'nope' },
      body: '{}',
    });
    assert.equal(bad.status, 401);

    const text = await waitFor(async () => {
      const current = await metrics();
      const accepted = sample(
        current,
        /^wxc_webhook_deliveries_total\{resource="messages",outcome="accepted"\}/,
      );
      return accepted > before ? current : undefined;
    }, 'the accepted delivery to be counted');
    assert.equal(
      sample(
        text,
        /^wxc_webhook_deliveries_total\{resource="messages",outcome="bad_signature"\}/,
      ),
      1,
    );
    assert.match(
      text,
      /^wxc_webex_requests_total\{operation="messages.create",status="200"\} \d+/m,
    );
    assert.equal(sample(text, /^wxc_sessions_active /), 1);
    assert.equal(sample(text, /^wxc_sessions_monitored /), 1);
  });

  it('times a relayed call event and counts its duplicate', async () => {
    const raw = readFileSync(CALL_EVENT, 'utf8');
    const envelope = JSON.parse(raw) as { data: Record<string, unknown> };
    envelope.data.eventTimestamp = new Date(sandbox.now()).toISOString();
    const body = JSON.stringify(envelope);
    const deliver = () =>
      postSigned(
        `${sandbox.running.url}/webhooks/calls/${monitor.hookPath}`,
        body,
        monitor.secret,
      );
    assert.equal((await deliver()).status, 200);
    assert.equal((await deliver()).status, 200);

    const text = await waitFor(async () => {
      const current = await metrics();
      const duplicates = sample(
        current,
        /^wxc_webhook_deliveries_total\{resource="telephony_calls",outcome="duplicate"\}/,
      );
      return duplicates === 1 ? current : undefined;
    }, 'both call deliveries to be counted');
    assert.equal(
      sample(
        text,
        /^wxc_webhook_deliveries_total\{resource="telephony_calls",outcome="relayed"\}/,
      ),
      1,
    );
    assert.equal(sample(text, /^wxc_event_relay_seconds_count /), 1);
  });

  it('counts 429s and retries from the Webex client', async () => {
    await sandbox.fault({
      method: 'POST',
      path: '/v1/messages',
      status: 429,
      retryAfter: 0,
      count: 1,
    });
    await sandbox.ask(ALICE, '/help');
    const text = await metrics();
    assert.equal(
      sample(
        text,
        /^wxc_webex_rate_limited_total\{operation="messages.create"\}/,
      ),
      1,
    );
    assert.ok(
      sample(text, /^wxc_webex_retries_total\{operation="messages.create"\}/) >=
        1,
    );
  });

  it('is degraded and names the person whose call webhook went inactive', async () => {
    // Deliveries to a path the bot no longer knows fail (404) until
    // the emulator turns the webhook off, as Webex does.
    const store = sandbox.running.store;
    await store.putMonitor({ ...monitor, hookPath: 'moved-elsewhere-0123' });
    const call = await fetch(`${sandbox.emulator.url}/_sandbox/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: BOB, to: ALICE }),
    });
    assert.equal(call.status, 201, await call.text());
    await waitFor(async () => {
      const { webhooks } = (await sandbox.state()) as unknown as {
        webhooks: Array<{ id: string; status: string }>;
      };
      const hook = webhooks.find((item) => item.id === monitor.webhookId);
      return hook?.status === 'inactive' ? true : undefined;
    }, 'the call webhook to be turned off');

    const { status, report } = await readyz();
    assert.equal(status, 200);
    assert.equal(report.status, 'degraded');
    assert.deepEqual(report.checks.monitors, {
      ok: false,
      inactive: [ALICE],
    });
    const session = await store.getSession(monitor.personId);
    const text = JSON.stringify(report);
    assert.equal(text.includes(session?.accessToken ?? '-'), false);
  });

  it('is degraded while token refreshes fail', async () => {
    await sandbox.fault({
      method: 'POST',
      path: '/v1/access_token',
      status: 500,
      count: 1,
    });
    // Bring the access token within its refresh margin.
    const alice = await sandbox.person(ALICE);
    const session = await sandbox.running.store.getSession(alice.id);
    const expiresAt = session?.accessTokenExpiresAt ?? 0;
    sandbox.advanceClock(expiresAt - sandbox.now() - 60_000);
    await assert.rejects(sandbox.running.bot.deps.tokens.session(alice.id));

    const { report } = await readyz();
    assert.equal(report.status, 'degraded');
    assert.deepEqual(report.checks.refreshes, { ok: false, recentFailures: 1 });
  });

  it('answers 503 unavailable when the store is unreachable', async () => {
    await sandbox.running.store.close();
    const { status, report } = await readyz();
    assert.equal(status, 503);
    assert.equal(report.status, 'unavailable');
    assert.equal(report.checks.store.ok, false);
    assert.match(report.checks.store.detail ?? '', /sqlite store/);
    const health = await fetch(`${sandbox.running.url}/healthz`);
    assert.equal(health.status, 200);
  });
});
