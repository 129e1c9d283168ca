/**
 * Lets code that only holds the request (the core's `authenticate`) reply
 * to it: every request's reply is remembered for the request's lifetime.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const replies = new WeakMap<FastifyRequest, FastifyReply>();

export function rememberReply(
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  replies.set(request, reply);
}

export function replyOf(request: FastifyRequest): FastifyReply | undefined {
  return replies.get(request);
}
