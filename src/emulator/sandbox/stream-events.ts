/**
 * `GET /_sandbox/events`: every sandbox change as server-sent events, one
 * `event: <type>` and one `data: <json>` per change.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { trackingIdOf } from '../webex-error.ts';
import type { EventBus } from './event-bus.ts';

export function streamEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  bus: EventBus,
  openStreams: Set<() => void>,
): void {
  reply.hijack();
  const response = reply.raw;
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    trackingId: trackingIdOf(request),
  });
  response.write(': connected\n\n');

  const unsubscribe = bus.subscribe((event) => {
    response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  });
  // Keeps proxies from closing an idle stream.
  const heartbeat = setInterval(() => response.write(': ping\n\n'), 15_000);
  heartbeat.unref();

  const end = () => {
    clearInterval(heartbeat);
    unsubscribe();
    openStreams.delete(end);
    if (!response.writableEnded) response.end();
  };
  openStreams.add(end);
  request.raw.on('close', end);
}
