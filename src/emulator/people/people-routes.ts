/**
 * `GET /v1/people/me`, `GET /v1/people/{personId}`, `GET /v1/people`.
 */
import type { FastifyInstance } from 'fastify';
import type { FullEmulatorCore } from '../emulator-core.ts';
import type { EmulatorState } from '../emulator-state.ts';
import { WebexApiError } from '../webex-error.ts';
import { personJson } from './person-json.ts';

export function registerPeopleRoutes(
  app: FastifyInstance,
  deps: { core: FullEmulatorCore; state: EmulatorState },
): void {
  const { core, state } = deps;

  app.get('/v1/people/me', async (request, reply) => {
    const auth = core.authenticate(request);
    if (!auth) return reply;
    return personJson(auth.person);
  });

  app.get<{ Params: { personId: string } }>(
    '/v1/people/:personId',
    async (request) => {
      const person = state.people.get(request.params.personId);
      if (!person) {
        throw new WebexApiError(404, 'Person not found.', {
          description: `No person has the id ${request.params.personId}.`,
        });
      }
      return personJson(person);
    },
  );

  app.get<{
    Querystring: { email?: string; displayName?: string; id?: string };
  }>('/v1/people', async (request) => {
    const { email, displayName, id } = request.query;
    if (!email && !displayName && !id) {
      throw new WebexApiError(
        400,
        'Email, displayName, or id list should be specified.',
      );
    }
    const ids = id ? new Set(id.split(',')) : undefined;
    // An email names at most one person: look it up rather than scan.
    const byEmail = email ? state.findPersonByEmail(email) : undefined;
    const candidates = email
      ? [byEmail].filter((person) => person !== undefined)
      : [...state.people.values()];
    const items = candidates.filter(
      (person) =>
        (!email || person.email === email.trim().toLowerCase()) &&
        (!displayName ||
          person.displayName
            .toLowerCase()
            .startsWith(displayName.toLowerCase())) &&
        (!ids || ids.has(person.id)),
    );
    return { items: items.map(personJson) };
  });
}
