/**
 * A webhook delivery as Webex signs it: the raw JSON body POSTed with
 * its HMAC-SHA1 under the webhook's secret in `X-Spark-Signature`.
 */
import { createHmac } from 'node:crypto';

/** POSTs the JSON text `body` to `url`, signed with `secret`. */
export function postSigned(
  url: string,
  body: string,
  secret: string,
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-spark-signature': createHmac('sha1', secret)
        .update(body)
        .digest('hex'),
    },
    body,
  });
}
