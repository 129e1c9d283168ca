/**
 * Webex signs each webhook delivery with the webhook's secret:
 * `X-Spark-Signature` is the lowercase hex HMAC-SHA1 of the raw body.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SHA1_HEX = /^[0-9a-f]{40}$/;

/**
 * True when `header` is the signature of exactly `rawBody` under `secret`.
 * The comparison takes the same time whatever the header holds, so a
 * caller cannot learn the signature byte by byte.
 */
export function verifySignature(
  secret: string,
  rawBody: Buffer | string,
  header: string | string[] | undefined,
): boolean {
  if (typeof header !== 'string') return false;
  const given = header.trim().toLowerCase();
  if (!SHA1_HEX.test(given)) return false;

  const expected = createHmac('sha1', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
