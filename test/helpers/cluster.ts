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
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
} from '../../src/emulator/create-emulator.ts';
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
  // Each instance listens on a port of the system's choosing (PORT=0),
  // learnt from its start line: a port picked ahead could be taken by
  // then by another test running beside this one.
  const instances: BotInstance[] = [];
  const balancer = await startLoadBalancer(
    Array.from({ length: count }, (_, index) => () => {
      const url = instances[index]?.url;
      if (url === undefined) throw new Error(`instance ${index} is not up`);
      return url;
    }),
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
  for (let index = 0; index < count; index += 1) {
    instances.push(botInstance(index, { ...env, PORT: '0' }, dir));
  }

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
  env: Record<string, string>,
  dir: string,
): BotInstance {
  let child: ChildProcess | undefined;
  let text = '';
  let url: string | undefined;

  return {
    index,
    get url() {
      if (url === undefined) throw new Error(`instance ${index} is not up`);
      return url;
    },
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
      for (;;) {
        const up = startLine(text.slice(seen));
        if (up !== undefined) {
          url = localUrl(up);
          break;
        }
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
  targets: readonly (() => string)[],
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
    const target = targets[instance]?.() ?? '';
    forward(`${target}${incoming.url ?? '/'}`, incoming, outgoing);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

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

/** The `url` of a bot's "The bot is up" log line, if printed. */
function startLine(output: string): string | undefined {
  // Only whole lines: the last one may still be arriving.
  for (const line of output.split('\n').slice(0, -1)) {
    if (!line.includes('"The bot is up"')) continue;
    const { url } = JSON.parse(line) as { url?: unknown };
    if (typeof url === 'string') return url;
  }
  return undefined;
}

/** The bot listens on every interface; reach it on the loopback. */
function localUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  return parsed.origin;
}
