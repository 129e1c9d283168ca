/** The Webex call-control API: `/v1/telephony/calls…`. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorCore, SandboxPerson } from '../contract.ts';
import { CALL_ACTIONS } from './call-action-table.ts';
import {
  badRequest,
  sendWebexError,
  WebexApiError,
} from './call-control-error.ts';
import type { CallSwitch } from './call-switch.ts';
import type { HistoryType } from './call-types.ts';
import { toCall } from './call-view.ts';
import { asBody } from './request-body.ts';

const READ = 'spark:calls_read';
const WRITE = 'spark:calls_write';
const HISTORY_TYPES = new Set(['placed', 'missed', 'received']);

type Handler = (person: SandboxPerson, request: FastifyRequest) => unknown;

/**
 * Authenticates, refuses users without a line (bots) and tokens without
 * the scope, runs `handle` and sends a refusal as a Webex error body.
 * `handle` returns the reply body, or undefined for 204.
 */
function guarded(
  core: EmulatorCore,
  calls: CallSwitch,
  scope: string,
  handle: Handler,
  status = 200,
) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const auth = core.authenticate(request);
    if (auth === undefined) return reply;
    try {
      calls.requireLine(auth.person);
      if (!auth.scopes.includes(scope)) {
        throw new WebexApiError(403, `Missing required scope: ${scope}`);
      }
      const result = handle(auth.person, request);
      if (result === undefined) return reply.code(204).send();
      return reply.code(status).send(result);
    } catch (error) {
      if (!(error instanceof WebexApiError)) throw error;
      return sendWebexError(request, reply, error);
    }
  };
}

export function registerCallControlRoutes(
  app: FastifyInstance,
  core: EmulatorCore,
  calls: CallSwitch,
): void {
  for (const [name, action] of Object.entries(CALL_ACTIONS)) {
    app.post(
      `/v1/telephony/calls/${name}`,
      guarded(
        core,
        calls,
        WRITE,
        (person, request) => action.run(calls, person, asBody(request.body)),
        action.status ?? 201,
      ),
    );
  }

  app.get(
    '/v1/telephony/calls',
    guarded(core, calls, READ, (person) => {
      return { items: calls.legsOf(person.id).map(toCall) };
    }),
  );

  app.get(
    '/v1/telephony/calls/history',
    guarded(core, calls, READ, (person, request) => {
      const { type } = request.query as { type?: unknown };
      if (type !== undefined && !HISTORY_TYPES.has(String(type))) {
        throw badRequest(
          `Invalid type ${String(type)}: use placed, missed or received.`,
        );
      }
      const items = calls.history.list(person.id, type as HistoryType);
      return { items };
    }),
  );

  app.get(
    '/v1/telephony/calls/:callId',
    guarded(core, calls, READ, (person, request) => {
      const { callId } = request.params as { callId: string };
      return toCall(calls.ownLeg(person, callId));
    }),
  );
}
