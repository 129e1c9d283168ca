/** `GET /redirect`: where Webex sends the browser back after consent. */
import type { FastifyInstance } from 'fastify';
import type { AuthorizationService } from '../../auth/authorization-service.ts';
import { renderPage } from '../pages/html-page.ts';
import { redirectPage, UNAVAILABLE_PAGE } from '../pages/redirect-pages.ts';

export const REDIRECT_PATH = '/redirect';

export function registerRedirectRoute(
  app: FastifyInstance,
  auth: AuthorizationService,
): void {
  app.get(REDIRECT_PATH, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      // The URL carries the code: keep it out of any Referer.
      .header('referrer-policy', 'no-referrer');

    try {
      const outcome = await auth.completeFlow({
        state: text(query.state),
        code: text(query.code),
        error: text(query.error),
      });
      const { status, page } = redirectPage(outcome);
      return reply.code(status).send(renderPage(page));
    } catch (error) {
      request.log.error({ err: error }, 'The authorization could not finish');
      return reply.code(503).send(renderPage(UNAVAILABLE_PAGE));
    }
  });
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
