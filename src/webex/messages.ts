/** `/messages`: what the bot posts and reads in its spaces. */
import type {
  CreateMessageRequest,
  ListDirectMessagesQuery,
  ListMessagesQuery,
  Message,
} from './messaging-types.ts';
import { collect, paginate } from './paginate.ts';
import type { CallOptions, WebexHttp } from './webex-http.ts';

export interface MessagesApi {
  /** `POST /messages` (200 with the message). */
  create(
    message: CreateMessageRequest,
    options?: CallOptions,
  ): Promise<Message>;
  /** `GET /messages/{messageId}`: the text a webhook leaves out. */
  get(messageId: string, options?: CallOptions): Promise<Message>;
  /** `GET /messages`, every page, newest first. */
  list(query: ListMessagesQuery, options?: CallOptions): AsyncIterable<Message>;
  /** `GET /messages/direct`: the 1:1 space with one person. */
  listDirect(
    query: ListDirectMessagesQuery,
    options?: CallOptions,
  ): Promise<Message[]>;
  /** `DELETE /messages/{messageId}` (204). */
  delete(messageId: string, options?: CallOptions): Promise<void>;
}

export function createMessagesApi(http: WebexHttp, token: string): MessagesApi {
  return {
    async create(message, options) {
      const response = await http.request<Message>({
        ...options,
        operation: 'messages.create',
        method: 'POST',
        path: 'messages',
        json: message,
        token,
      });
      return response.body;
    },

    async get(messageId, options) {
      const response = await http.request<Message>({
        ...options,
        operation: 'messages.get',
        method: 'GET',
        path: `messages/${encodeURIComponent(messageId)}`,
        token,
      });
      return response.body;
    },

    list(query, options) {
      return paginate<Message>(http, {
        ...options,
        operation: 'messages.list',
        path: 'messages',
        query: { ...query },
        token,
      });
    },

    listDirect(query, options) {
      return collect(
        paginate<Message>(http, {
          ...options,
          operation: 'messages.listDirect',
          path: 'messages/direct',
          query: { ...query },
          token,
        }),
      );
    },

    async delete(messageId, options) {
      await http.request<undefined>({
        ...options,
        operation: 'messages.delete',
        method: 'DELETE',
        path: `messages/${encodeURIComponent(messageId)}`,
        token,
      });
    },
  };
}
