/** `/people`: who a token belongs to, and other people's details. */
import type { Person } from './messaging-types.ts';
import type { CallOptions, WebexHttp } from './webex-http.ts';

export interface PeopleApi {
  /** `GET /people/me`: the token's owner. */
  me(options?: CallOptions): Promise<Person>;
  /** `GET /people/{personId}`. */
  get(personId: string, options?: CallOptions): Promise<Person>;
}

export function createPeopleApi(http: WebexHttp, token: string): PeopleApi {
  return {
    async me(options) {
      const response = await http.request<Person>({
        ...options,
        operation: 'people.me',
        method: 'GET',
        path: 'people/me',
        token,
      });
      return response.body;
    },

    async get(personId, options) {
      const response = await http.request<Person>({
        ...options,
        operation: 'people.get',
        method: 'GET',
        path: `people/${encodeURIComponent(personId)}`,
        token,
      });
      return response.body;
    },
  };
}
