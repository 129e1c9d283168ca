/**
 * The identity of one call event across redeliveries: Webex may send the
 * same delivery more than once, and two instances may both receive it.
 */
import { createHash } from 'node:crypto';
import type { TelephonyEventData } from '../../webex/telephony-types.ts';

export function callEventKey(
  webhookId: string,
  data: Partial<TelephonyEventData>,
): string {
  const parts = [
    webhookId,
    data.callId,
    data.eventType,
    data.eventTimestamp,
    data.state,
  ].map((part) => String(part ?? ''));
  const digest = createHash('sha256').update(parts.join('\n')).digest();
  return `call-event:${digest.toString('base64url')}`;
}
