/**
 * 5. Refresh storm: N sessions whose access tokens all expire at once,
 * refreshed through the bot's TokenManager (the one the bot runs, with
 * its store lock and the default Webex retry policy) while the emulator
 * rate-limits its token endpoint: the first `LIMITED` token requests get
 * 429 with Retry-After: 1. Counts the token requests at the emulator.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { TokenManager } from '../src/auth/token-manager.ts';
import { createEmulator } from '../src/emulator/create-emulator.ts';
import { openStore } from '../src/store/open-store.ts';
import { createTokenCipher } from '../src/store/token-cipher.ts';
import { WebexClient } from '../src/webex/index.ts';
import { DEFAULT_RETRY_POLICY } from '../src/webex/retry-policy.ts';
import type { BenchContext, BenchResult } from './lib/bench-context.ts';
import { verdict } from './lib/bench-context.ts';
import { benchPeople, benchSeed } from './lib/bench-people.ts';
import { inBatches, seedSessions } from './lib/bench-world.ts';
import { fmt, medianOf } from './lib/stats.ts';

const REDIRECT = 'http://127.0.0.1:9/redirect';
/** Refreshes started together, like commands arriving at one moment. */
const CONCURRENCY = 1000;
const MAX_ATTEMPTS = DEFAULT_RETRY_POLICY.maxAttempts;

interface StormRun {
  seconds: number;
  ok: number;
  limited: number;
  /** Token requests that were a retry (attempt 2 or later). */
  retries: number;
  /** The most attempts any one token request took. */
  maxAttempt: number;
  failed: number;
  /** Sessions whose access token was still expired afterwards. */
  notRefreshed: number;
}

export async function runRefreshStorm(ctx: BenchContext): Promise<BenchResult> {
  const count = ctx.quick ? 1000 : 10_000;
  const limited = count / 5;
  const people = benchPeople(count);
  const seed = benchSeed(people);
  const integration = seed.integrations?.[0];
  if (integration === undefined)
    throw new Error('The seed lost its integration');
  integration.redirectUris = [REDIRECT];
  const emulator = await createEmulator({ seed });
  const dir = await mkdtemp(join(tmpdir(), 'wxc-bench-storm-'));
  const store = await openStore({
    url: `sqlite:${join(dir, 'store.db')}`,
    cipher: createTokenCipher({ current: randomBytes(32) }),
    logger: { warn() {}, info() {} },
  });
  const credentials = {
    clientId: integration.clientId,
    clientSecret: integration.clientSecret,
  };
  const webex = new WebexClient({
    baseUrl: emulator.apiUrl,
    integration: credentials,
    logger: pino({ level: 'silent' }),
    // Counted here: the emulator keeps only its last 5,000 requests.
    onResponse(info) {
      if (info.operation !== 'oauth.refreshAccessToken') return;
      if (info.status === 200) counts.ok += 1;
      if (info.status === 429) counts.limited += 1;
      if (info.attempt > 1) counts.retries += 1;
      counts.maxAttempt = Math.max(counts.maxAttempt, info.attempt);
    },
  });
  const zero = { ok: 0, limited: 0, retries: 0, maxAttempt: 0 };
  const counts = { ...zero };
  const runs: StormRun[] = [];

  try {
    const refreshTokens = await authorizeAll(emulator.apiUrl, people, {
      ...credentials,
      scopes: integration.scopes,
    });
    for (let run = 0; run < ctx.runs; run += 1) {
      // Every access token expired a second ago.
      await seedSessions(store, people, Date.now() - 1000, refreshTokens);
      const tokens = new TokenManager({
        store,
        webex,
        logger: pino({ level: 'silent' }),
        now: Date.now,
      });
      Object.assign(counts, zero);
      await post(`${emulator.url}/_sandbox/faults`, {
        method: 'POST',
        path: '/v1/access_token',
        status: 429,
        retryAfter: 1,
        count: limited,
      });

      const t0 = performance.now();
      let failed = 0;
      await inBatches(people, CONCURRENCY, (person) =>
        tokens.session(person.personId).catch(() => {
          failed += 1;
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      // With one successful refresh per session in all, every session
      // refreshed means exactly one each.
      const checkedAt = Date.now();
      let notRefreshed = 0;
      await inBatches(people, CONCURRENCY, async (person) => {
        const session = await store.getSession(person.personId);
        if (!((session?.accessTokenExpiresAt ?? 0) > checkedAt)) {
          notRefreshed += 1;
        }
      });
      const result = { seconds, ...counts, failed, notRefreshed };
      runs.push(result);
      ctx.log(
        `refresh storm run ${run + 1}: ${fmt(seconds)} s, ${result.ok} ` +
          `refreshed, ${result.limited} answered 429, ${result.retries} ` +
          `retries (at most ${result.maxAttempt} attempts), ${failed} ` +
          `failed, ${notRefreshed} sessions not refreshed`,
      );
    }
  } finally {
    await store.close();
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }

  const m = medianOf(runs);
  const exact = runs.every(
    (r) => r.ok === count && r.failed === 0 && r.notRefreshed === 0,
  );
  const maxAttempt = Math.max(...runs.map((r) => r.maxAttempt));
  const bounded = maxAttempt <= MAX_ATTEMPTS;
  return {
    verdicts: [
      verdict(
        exact,
        `refresh storm: ${fmt(m.ok)} of ${count} refreshed with exactly ` +
          `one successful call each, ${fmt(m.limited)} 429s retried, in ` +
          `${fmt(m.seconds)} s`,
      ),
      verdict(
        bounded,
        `refresh storm retries: at most ${maxAttempt} attempts for any ` +
          `token request (policy: ${MAX_ATTEMPTS})`,
      ),
    ],
    markdown: [
      '## 5. Refresh storm',
      '',
      `${count} sessions whose access tokens expired together, each`,
      "asked for through the bot's `TokenManager.session()` (store lock",
      `per person, default Webex retry policy: up to ${MAX_ATTEMPTS} attempts,`,
      'Retry-After honoured), at most',
      `${CONCURRENCY} at a time. The emulator answers the first ${limited}`,
      'token requests 429 with `Retry-After: 1`. Refresh tokens come from',
      "the emulator's real authorization-code flow. Token requests are",
      `counted from the Webex client's responses. Median of ${runs.length} runs.`,
      '',
      '| sessions | time to refresh all (s) | successful refreshes | 429 answers | retries | most attempts for one request | failed | sessions not refreshed |',
      '|---|---|---|---|---|---|---|---|',
      `| ${count} | ${fmt(m.seconds)} | ${fmt(m.ok)} | ${fmt(m.limited)} | ` +
        `${fmt(m.retries)} | ${maxAttempt} (all runs) | ${fmt(m.failed)} | ` +
        `${fmt(m.notRefreshed)} |`,
      '',
      'Every session is read back afterwards: with as many successful',
      'refreshes as sessions and none left expired, each was refreshed',
      'exactly once.',
      '',
    ].join('\n'),
  };
}

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
}

/** The real authorization-code flow for everyone; their refresh tokens. */
async function authorizeAll(
  apiUrl: string,
  people: ReturnType<typeof benchPeople>,
  integration: { clientId: string; clientSecret: string; scopes: string[] },
): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  await inBatches(people, 50, async (person) => {
    const query = new URLSearchParams({
      client_id: integration.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: integration.scopes.join(' '),
      state: randomBytes(16).toString('base64url'),
      login_hint: person.email,
    });
    const consent = await fetch(`${apiUrl}/authorize?${query}`, {
      redirect: 'manual',
    });
    await consent.arrayBuffer();
    const code = new URL(
      consent.headers.get('location') ?? '',
    ).searchParams.get('code');
    const response = await fetch(`${apiUrl}/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: code ?? '',
        redirect_uri: REDIRECT,
        client_id: integration.clientId,
        client_secret: integration.clientSecret,
      }),
    });
    const body = (await response.json()) as { refresh_token?: string };
    if (body.refresh_token === undefined) {
      throw new Error(`No refresh token for ${person.email}`);
    }
    tokens.set(person.personId, body.refresh_token);
  });
  return tokens;
}
