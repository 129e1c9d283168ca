/**
 * The bot's HTTP framework alone: the app from `createServer` (fastify
 * with raw-Buffer bodies, the bot's error replies and one log line per
 * request, silent here) with one route that does what the bare server
 * does (the hook path's secret, the HMAC-SHA1 check, the JSON parse),
 * answered as the bot answers deliveries (`answerOnSocket`), and
 * nothing of the bot's own work. Between the bare server and the bot,
 * it tells the framework's share of the cost from the bot's.
 * Prints `{"url":...}` once listening; stops on SIGTERM.
 */
import pino from 'pino';
import { verifySignature } from '../../src/bot/intake/verify-signature.ts';
import { createServer } from '../../src/server/create-server.ts';
import {
  answerOnSocket,
  parseEnvelope,
} from '../../src/server/signed-webhook.ts';
import { benchPerson } from '../lib/bench-people.ts';

const HOOK = /^benchhook-(\d{7})$/;
const secrets = new Map<string, string>();

function secretFor(hookPath: string): string | undefined {
  const tag = HOOK.exec(hookPath)?.[1];
  if (tag === undefined) return undefined;
  let secret = secrets.get(tag);
  if (secret === undefined) {
    secret = benchPerson(Number(tag)).secret;
    secrets.set(tag, secret);
  }
  return secret;
}

const app = createServer({
  logger: pino({ level: 'silent' }),
  bodyLimitBytes: 64 * 1024,
});
app.post('/webhooks/calls/:hookPath', async (request, reply) => {
  const { hookPath } = request.params as { hookPath: string };
  const secret = secretFor(hookPath);
  if (secret === undefined) return answerOnSocket(reply, 404);
  const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  if (!verifySignature(secret, raw, request.headers['x-spark-signature'])) {
    return answerOnSocket(reply, 401);
  }
  if (parseEnvelope(raw) === undefined) return answerOnSocket(reply, 400);
  return answerOnSocket(reply, 200, { received: true });
});

const url = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(JSON.stringify({ url }));
process.once('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
