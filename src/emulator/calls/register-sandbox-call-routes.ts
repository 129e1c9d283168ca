/**
 * The sandbox's call control (`/_sandbox/calls…`), played by the world
 * outside the API user: callers, far parties and physical phones.
 *
 * - `POST /_sandbox/calls {from, to, name?, private?}` → 201
 *   `{callSessionId, legs: [{callId, personId, email, personality,
 *   state}]}`. `from`/`to`: a sandbox person's email, extension or number,
 *   or an outside number; `name`/`private` describe an outside caller.
 * - `POST /_sandbox/calls/{callId}/answer` → 204: an alerting leg is
 *   answered on the person's ringing device (never refused for
 *   `apiAnswer: false`); a connecting leg is answered by its far end.
 * - `POST /_sandbox/calls/{callId}/hangup` → 204: the far party hangs up
 *   (a sandbox far party's leg ends first); with none, the call ends.
 * - `POST /_sandbox/calls/{callId}/hold|resume` → 204: a sandbox far
 *   party holds/resumes; with an outside far party, the person's phone.
 * - `GET /_sandbox/calls` → 200 the simulator's snapshot.
 * - `GET /_sandbox/calls/lines/{email}` → 200 `{personId, email,
 *   endpoints, apiAnswer, muteCapable, executive}`.
 * - `PUT /_sandbox/calls/lines/{email} {calling?, apiAnswer?,
 *   muteCapable?, executive?}` → 200 the line, or 204 for
 *   `calling: false`, which takes the person's Webex Calling service away
 *   (`calling: true` gives a fresh line back). `apiAnswer: false` makes the person's
 *   devices refuse `POST /v1/telephony/calls/answer` (as a device that
 *   does not support answer via API); `executive` (an email, or null)
 *   is whom `push` sends calls to.
 *
 * Errors use the Webex error body: 400 bad input, 404 unknown call or
 * person, 409 a call in a state the action does not fit.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendWebexError, WebexApiError } from './call-control-error.ts';
import type { CallSwitch } from './call-switch.ts';
import { asBody } from './request-body.ts';
import {
  configureLine,
  lineOfEmail,
  lineView,
  placeCall,
  sandboxAnswer,
  sandboxHangup,
  sandboxHold,
} from './sandbox-actions.ts';

function answerWith(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  run: () => unknown,
) {
  try {
    const result = run();
    if (result === undefined) return reply.code(204).send();
    return reply.code(status).send(result);
  } catch (error) {
    if (!(error instanceof WebexApiError)) throw error;
    return sendWebexError(request, reply, error);
  }
}

const ACTS: Record<string, (calls: CallSwitch, callId: string) => void> = {
  answer: sandboxAnswer,
  hangup: sandboxHangup,
  hold: (calls, callId) => sandboxHold(calls, callId, true),
  resume: (calls, callId) => sandboxHold(calls, callId, false),
};

export function registerSandboxCallRoutes(
  app: FastifyInstance,
  calls: CallSwitch,
  snapshot: () => unknown,
): void {
  app.post('/_sandbox/calls', async (request, reply) =>
    answerWith(request, reply, 201, () =>
      placeCall(calls, asBody(request.body)),
    ),
  );

  app.get('/_sandbox/calls', async (_request, reply) => reply.send(snapshot()));

  for (const [act, run] of Object.entries(ACTS)) {
    app.post(`/_sandbox/calls/:callId/${act}`, async (request, reply) => {
      const { callId } = request.params as { callId: string };
      return answerWith(request, reply, 200, () => run(calls, callId));
    });
  }

  app.get('/_sandbox/calls/lines/:email', async (request, reply) => {
    const { email } = request.params as { email: string };
    return answerWith(request, reply, 200, () =>
      lineView(calls, lineOfEmail(calls, email)),
    );
  });

  app.put('/_sandbox/calls/lines/:email', async (request, reply) => {
    const { email } = request.params as { email: string };
    return answerWith(request, reply, 200, () =>
      configureLine(calls, email, asBody(request.body)),
    );
  });
}
