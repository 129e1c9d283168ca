/** `/attachment/actions`: what a person submitted on a card. */
import type { AttachmentActivity } from './messaging-types.ts';
import type { CallOptions, WebexHttp } from './webex-http.ts';

export interface AttachmentActionsApi {
  /** `GET /attachment/actions/{id}`, with the card's `inputs`. */
  get(actionId: string, options?: CallOptions): Promise<AttachmentActivity>;
}

export function createAttachmentActionsApi(
  http: WebexHttp,
  token: string,
): AttachmentActionsApi {
  return {
    async get(actionId, options) {
      const response = await http.request<AttachmentActivity>({
        ...options,
        operation: 'attachmentActions.get',
        method: 'GET',
        path: `attachment/actions/${encodeURIComponent(actionId)}`,
        token,
      });
      return response.body;
    },
  };
}
