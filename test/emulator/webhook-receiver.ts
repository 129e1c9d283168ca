/**
 * A tiny real HTTP server that receives webhook deliveries in tests and
 * answers with the status a test chooses.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface DeliveryBody {
  [key: string]: unknown;
  data: { id?: string; mentionedPeople?: string[]; [key: string]: unknown };
}

export interface Received {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: DeliveryBody;
}

export interface WebhookReceiver {
  url: string;
  received: Received[];
  /** Decides the status for the n-th request (0-based); default 200. */
  respondWith(status: (index: number) => number): void;
  /** Resolves once `count` requests arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<WebhookReceiver> {
  const received: Received[] = [];
  let statusFor: (index: number) => number = () => 200;
  let seen = 0;
  const waiters = new Set<() => void>();

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const index = seen;
      seen += 1;
      const raw = Buffer.concat(chunks);
      received.push({
        headers: request.headers,
        raw,
        body: JSON.parse(raw.toString('utf8')),
      });
      response.writeHead(statusFor(index)).end();
      for (const wake of waiters) wake();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    respondWith(status) {
      statusFor = status;
    },
    waitFor(count, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(received.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`expected ${count} deliveries, got ${received.length}`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
