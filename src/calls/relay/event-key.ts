/**
 * The identity of one call event across redeliveries: Webex may send the
 * same delivery more than once, and two instances may both receive it.
 * The whole of `data` counts, not a few fields: two distinct events of a
 * call may share their type, time and state (recording "pending" then
 * "started", stamped in the same millisecond) and differ only elsewhere.
 */
import { hash } from 'node:crypto';
import type { TelephonyEventData } from '../../webex/telephony-types.ts';

export function callEventKey(
  webhookId: string,
  data: Partial<TelephonyEventData>,
): string {
  // One call, not a Hash object fed three times: this runs per delivery.
  const digest = hash(
    'sha256',
    `${webhookId}\n${JSON.stringify(data)}`,
    'base64url',
  );
  return `call-event:${digest}`;
}
