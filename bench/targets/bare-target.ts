/**
 * The floor for webhook intake: a bare `node:http` server that does only
 * what any receiver must (read the body, check the HMAC-SHA1 signature
 * with a timing-safe compare, parse the JSON) and answers 200. The secret
 * comes from the hook path, like the bot's per-person monitors.
 * Prints `{"url":...}` once listening; stops on SIGTERM.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { benchPerson } from '../lib/bench-people.ts';

const HOOK = /^\/webhooks\/calls\/benchhook-(\d{7})$/;
const secrets = new Map<string, string>();

function secretFor(url: string | undefined): string | undefined {
  const tag = HOOK.exec(url ?? '')?.[1];
  if (tag === undefined) return undefined;
  let secret = secrets.get(tag);
  if (secret === undefined) {
    secret = benchPerson(Number(tag)).secret;
    secrets.set(tag, secret);
  }
  return secret;
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const secret = secretFor(request.url);
    const header = request.headers['x-spark-signature'];
    const body = Buffer.concat(chunks);
    if (secret === undefined || typeof header !== 'string') {
      response.writeHead(404).end();
      return;
    }
    const expected = createHmac('sha1', secret).update(body).digest();
    const given = Buffer.from(header, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(expected, given)) {
      response.writeHead(401).end();
      return;
    }
    try {
      JSON.parse(body.toString('utf8'));
    } catch {
      response.writeHead(400).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"received":true}');
  });
});

server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
