/**
 * Validation of `POST` and `PUT /v1/webhooks` bodies, with Webex's rules.
 */
import { z } from 'zod';
import { WebexApiError } from '../webex-error.ts';
import { parseFilter } from './webhook-filter.ts';

export const WEBHOOK_RESOURCES = [
  'attachmentActions',
  'dataSources',
  'memberships',
  'messages',
  'rooms',
  'meetings',
  'recordings',
  'convergedRecordings',
  'meetingParticipants',
  'meetingTranscripts',
  'telephony_calls',
  'telephony_conference',
  'telephony_mwi',
  'uc_counters',
  'serviceApp',
  'adminBatchJobs',
  'all',
] as const;

export const WEBHOOK_EVENTS = [
  'created',
  'updated',
  'deleted',
  'started',
  'ended',
  'joined',
  'left',
  'migrated',
  'authorized',
  'deauthorized',
  'statusChanged',
  'all',
] as const;

/** The 'read' scope a webhook's resource needs, when the emulator checks it. */
export const RESOURCE_READ_SCOPES: Record<string, string> = {
  telephony_calls: 'spark:calls_read',
  messages: 'spark:messages_read',
  attachmentActions: 'spark:messages_read',
};

const targetUrl = z
  .url({ protocol: /^https?$/ })
  .describe('an http or https URL');

const CreateSchema = z.object({
  name: z.string().min(1).max(128),
  targetUrl,
  resource: z.enum(WEBHOOK_RESOURCES),
  event: z.enum(WEBHOOK_EVENTS),
  filter: z.string().min(1).optional(),
  secret: z.string().min(1).optional(),
  ownedBy: z.enum(['creator', 'org']).optional(),
});

const UpdateSchema = z.object({
  name: z.string().min(1).max(128),
  targetUrl,
  secret: z.string().min(1).optional(),
  status: z.enum(['active', 'inactive']).optional(),
  ownedBy: z.enum(['creator', 'org']).optional(),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const description = result.error.issues
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
  throw new WebexApiError(
    400,
    'The request could not be understood by the server due to malformed syntax.',
    { description },
  );
}

export function parseWebhookCreate(
  body: unknown,
): z.infer<typeof CreateSchema> {
  const input = parse(CreateSchema, body);
  const filtered = ['messages', 'attachmentActions'].includes(input.resource);
  if (input.filter !== undefined && filtered) {
    const pairs = parseFilter(input.filter);
    if (typeof pairs === 'string') {
      throw new WebexApiError(400, 'Invalid webhook filter.', {
        description: pairs,
      });
    }
  }
  return input;
}

export function parseWebhookUpdate(
  body: unknown,
): z.infer<typeof UpdateSchema> {
  const input = parse(UpdateSchema, body);
  if (input.status === 'inactive') {
    throw new WebexApiError(
      400,
      'A webhook cannot be deactivated; it can only be re-activated after Webex deactivated it.',
    );
  }
  return input;
}
