/**
 * Load at a fixed rate, open loop: the n-th request is due at
 * start + n / rate and is sent when due, whether or not the ones before
 * it were answered, and its latency counts from when it was due. A slow
 * answer (or a late sender) therefore shows as latency instead of as
 * fewer requests.
 *
 * autocannon's `overallRate` is not that: each connection sends its
 * share of the second back to back as soon as the second begins, then
 * waits for the next second, so "1,000/s over 10 connections" is a burst
 * at full speed for a tenth of each second, and its latency that of a
 * saturated server.
 */
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from './stats.ts';

export interface OpenLoopOptions {
  /** Requests per second. */
  rate: number;
  seconds: number;
  /**
   * Starts the `seq`-th request, timed from `from` (performance.now()
   * time: when it fell due, or when it went out if that was earlier);
   * resolves true when it succeeded. Its latency runs from `from` until
   * this settles.
   */
  send(seq: number, from: number): Promise<boolean>;
}

export interface OpenLoopResult {
  sent: number;
  failed: number;
  /** Milliseconds from due to settled, one per request. */
  latencies: number[];
  p50: number;
  p99: number;
  max: number;
  /**
   * p99 of how late the sender itself sent, in milliseconds: its timer
   * and its own process's pauses, already counted in every latency.
   */
  senderLagP99: number;
}

export async function openLoop(
  options: OpenLoopOptions,
): Promise<OpenLoopResult> {
  const { rate, seconds, send } = options;
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const lags: number[] = [];
  const inFlight: Promise<void>[] = [];
  let failed = 0;
  const started = performance.now();

  for (let seq = 0; seq < total; seq += 1) {
    const due = started + (seq * 1000) / rate;
    const wait = due - performance.now();
    // Timers are ~1 ms coarse: requests that fall due meanwhile go out
    // together on wake-up, each still timed from its own due time, so a
    // late sender shows as latency. One due within the next millisecond
    // goes out at once, a little early, and is timed from when it went
    // out (from its due time, it could come out shorter than its round
    // trip, or below zero).
    if (wait >= 1) await sleep(wait);
    const sentAt = performance.now();
    const from = Math.min(due, sentAt);
    lags.push(sentAt - from);
    inFlight.push(
      send(seq, from).then(
        (ok) => {
          latencies.push(performance.now() - from);
          if (!ok) failed += 1;
        },
        () => {
          latencies.push(performance.now() - from);
          failed += 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return {
    sent: total,
    failed,
    latencies,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    senderLagP99: percentile(lags, 99),
  };
}

export interface HttpPost {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * POSTs over kept-alive connections to `baseUrl` (at most `sockets` at
 * once; more wait in the agent's queue, and that wait counts as
 * latency). Resolves true on a 2xx.
 */
export function httpPoster(
  baseUrl: string,
  sockets = 64,
): { post(message: HttpPost): Promise<boolean>; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const url = new URL(baseUrl);
  return {
    post({ path, headers, body }) {
      return new Promise<boolean>((resolve, reject) => {
        const outgoing = request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method: 'POST',
            path,
            headers: { ...headers, 'content-length': String(body.length) },
          },
          (response) => {
            response.resume();
            response.once('end', () => {
              const status = response.statusCode ?? 0;
              resolve(status >= 200 && status < 300);
            });
            response.once('error', reject);
          },
        );
        outgoing.once('error', reject);
        outgoing.end(body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
