/**
 * A scaled-out deployment in one test: two or three `wxc-callcontrol
 * serve` processes sharing one Redis (each test its own key prefix),
 * behind a small HTTP load balancer, against one in-process emulator.
 * Webex (the emulator) and the browser only know the balancer's URL,
 * exactly as in production behind nginx.
 *
 *   const cluster = await startCluster({ redisUrl, instances: 3 });
 *   after(() => cluster.close());
 *   cluster.balancer.pin(1); // next requests go to the second instance
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
} from '../../src/emulator/create-emulator.ts';
import { findFreePort } from '../../src/sandbox/find-free-port.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { createTokenCipher } from '../../src/store/token-cipher.ts';
import { botProcessSeed } from './bot-process-seed.ts';

const CLI = new URL('../../bin/wxc-callcontrol.js', import.meta.url).pathname;
const START_TIMEOUT_MS = 20_000;

/** One request the balancer passed on. */
export interface Routed {
  instance: number;
  method: string;
  /** Without the query string. */
  path: string;
}

export interface LoadBalancer {
  url: string;
  /** Every request goes to instance `index`; undefined: round robin. */
  pin(index: number | undefined): void;
  /** What went where, oldest first. */
  readonly routed: readonly Routed[];
  close(): Promise<void>;
}

/** One `serve` process. */
export interface BotInstance {
  readonly index: number;
  /** Its own address, bypassing the balancer. */
  readonly url: string;
  /** Everything it printed (pino JSON lines). */
  output(): string;
  start(): Promise<void>;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
}

export interface StartClusterOptions {
  redisUrl: string;
  /** 2 by default. */
  instances?: number;
  emulator?: Omit<EmulatorOptions, 'seed'>;
}

export interface Cluster {
  emulator: Emulator;
  balancer: LoadBalancer;
  instances: BotInstance[];
  /** The key prefix of this cluster in Redis. */
  prefix: string;
  /** The bot's own access token, to look at its webhooks. */
  botToken: string;
  /** The cluster's store, opened by the test to look inside. */
  store: Store;
  /** Starts every stopped instance at the same moment. */
  startAll(): Promise<void>;
  stopAll(): Promise<void>;
  close(): Promise<void>;
}

export async function startCluster(
  options: StartClusterOptions,
): Promise<Cluster> {
  const count = options.instances ?? 2;
  const ports = await Promise.all(
    Array.from({ length: count }, () => findFreePort()),
  );
  const balancer = await startLoadBalancer(
    ports.map((port) => `http://127.0.0.1:${port}`),
  );

  const { seed, botToken, env: identity } = botProcessSeed(balancer.url);
  const emulator = await createEmulator({
    ...options.emulator,
    webhooks: {
      timeoutMs: 2000,
      retryDelaysMs: [100, 300, 1000],
      ...options.emulator?.webhooks,
    },
    seed,
  });

  const dir = await mkdtemp(join(tmpdir(), 'wxc-cluster-'));
  const prefix = `scale-${randomBytes(6).toString('hex')}:`;
  const key = randomBytes(32);
  const env = {
    ...identity,
    WEBEX_API_URL: emulator.apiUrl,
    STORE_URL: options.redisUrl,
    STORE_PREFIX: prefix,
    TOKEN_ENCRYPTION_KEY: key.toString('base64'),
    DATA_DIR: dir,
    LOG_LEVEL: 'debug',
  };
  const instances = ports.map((port, index) =>
    botInstance(index, port, { ...env, PORT: String(port) }, dir),
  );

  const store = await openStore({
    url: options.redisUrl,
    prefix,
    cipher: createTokenCipher({ current: key }),
    logger: pino({ level: 'silent' }),
  });

  const cluster: Cluster = {
    emulator,
    balancer,
    instances,
    prefix,
    botToken,
    store,
    async startAll() {
      await Promise.all(instances.map((instance) => instance.start()));
    },
    async stopAll() {
      await Promise.all(instances.map((instance) => instance.stop()));
    },
    async close() {
      await cluster.stopAll();
      await store.close();
      await balancer.close();
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await cluster.startAll();
  } catch (error) {
    await cluster.close();
    throw error;
  }
  return cluster;
}

function botInstance(
  index: number,
  port: number,
  env: Record<string, string>,
  dir: string,
): BotInstance {
  let child: ChildProcess | undefined;
  let text = '';

  return {
    index,
    url: `http://127.0.0.1:${port}`,
    output: () => text,

    async start() {
      if (child !== undefined) return;
      const started = spawn(
        process.execPath,
        [CLI, 'serve', '--dotenv', join(dir, 'none.env')],
        { cwd: dir, env },
      );
      child = started;
      const seen = text.length;
      started.stdout?.on('data', (chunk) => (text += String(chunk)));
      started.stderr?.on('data', (chunk) => (text += String(chunk)));
      // 'close' comes after the output is read to its end.
      started.once('close', () => {
        if (child === started) child = undefined;
      });

      const deadline = Date.now() + START_TIMEOUT_MS;
      while (!text.slice(seen).includes('"The bot is up"')) {
        if (child !== started || Date.now() > deadline) {
          const how =
            started.exitCode === null
              ? `no start in ${START_TIMEOUT_MS} ms`
              : `exit ${started.exitCode ?? started.signalCode}`;
          throw new Error(
            `Instance ${index} did not start (${how}):\n${text.slice(seen)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },

    async stop() {
      const running = child;
      if (running === undefined) return;
      const exited = new Promise((resolve) => running.once('close', resolve));
      running.kill('SIGTERM');
      await exited;
    },
  };
}

/** A round-robin reverse proxy, or pinned to one target. */
export async function startLoadBalancer(
  targets: readonly string[],
): Promise<LoadBalancer> {
  let pinned: number | undefined;
  let turn = 0;
  const routed: Routed[] = [];

  const server: Server = createServer((incoming, outgoing) => {
    const instance = pinned ?? turn++ % targets.length;
    routed.push({
      instance,
      method: incoming.method ?? 'GET',
      path: (incoming.url ?? '/').split('?')[0] ?? '/',
    });
    forward(`${targets[instance]}${incoming.url ?? '/'}`, incoming, outgoing);
  });
  const port = await findFreePort();
  await new Promise<void>((resolve) =>
    server.listen(port, '127.0.0.1', resolve),
  );

  return {
    url: `http://127.0.0.1:${port}`,
    pin(index) {
      pinned = index;
    },
    routed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function forward(
  target: string,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
): void {
  const upstream = httpRequest(
    target,
    { method: incoming.method, headers: incoming.headers },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  // An instance that is down is what a real balancer answers 502 for.
  upstream.once('error', () => {
    if (outgoing.headersSent) outgoing.destroy();
    else outgoing.writeHead(502).end('Bad gateway');
  });
  incoming.pipe(upstream);
}
