import { createHmac } from 'node:crypto';

/**
 * The `X-Spark-Signature` value: lowercase hex HMAC-SHA1 of the exact
 * body bytes, keyed with the webhook's secret.
 */
export function signBody(secret: string, body: string | Buffer): string {
  return createHmac('sha1', secret).update(body).digest('hex');
}
