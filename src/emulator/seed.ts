/**
 * What the emulator starts with (and returns to on reset): sandbox people
 * and bots, and registered OAuth integrations.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { describeClash } from './people/person-clash.ts';
import { PersonIndex } from './people/person-index.ts';

/** Webex's caps: a display name of 256 characters, an address of 254. */
export const MAX_DISPLAY_NAME_LENGTH = 256;
export const MAX_EMAIL_LENGTH = 254;

export const SeedPersonSchema = z.object({
  displayName: z
    .string()
    .trim()
    .min(1)
    .max(MAX_DISPLAY_NAME_LENGTH, 'a display name is at most 256 characters'),
  email: z
    .email()
    .max(MAX_EMAIL_LENGTH, 'an email address is at most 254 characters'),
  extension: z
    .string()
    .regex(/^\d{2,10}$/, 'an extension is 2 to 10 digits')
    .optional(),
  phoneNumber: z
    .string()
    .regex(/^\+\d{6,15}$/, 'a phone number is E.164, e.g. +15555550101')
    .optional(),
  type: z.enum(['person', 'bot']).optional(),
  accessToken: z.string().min(16).optional(),
});

export const SeedIntegrationSchema = z.object({
  name: z.string().min(1),
  clientId: z
    .string()
    .regex(/^C[0-9a-f]{64}$/, 'a client id is C followed by 64 hex digits'),
  clientSecret: z.string().min(16),
  redirectUris: z.array(z.url()).min(1),
  scopes: z.array(z.string().min(1)).min(1),
});

export const SeedDataSchema = z.object({
  people: z.array(SeedPersonSchema),
  integrations: z.array(SeedIntegrationSchema).default([]),
});

export type SeedPerson = z.infer<typeof SeedPersonSchema>;
export type SeedIntegration = z.infer<typeof SeedIntegrationSchema>;
export type SeedData = z.input<typeof SeedDataSchema>;

/** Validates seed data; throws an Error naming every bad field. */
export function parseSeed(input: unknown): z.infer<typeof SeedDataSchema> {
  const result = SeedDataSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid emulator seed: ${problems}`);
  }
  const seen = new PersonIndex<SeedPerson>();
  for (const person of result.data.people) {
    const clash = seen.findClash(person);
    if (clash) {
      throw new Error(`Invalid emulator seed: ${describeClash(clash)}`);
    }
    seen.add(person);
  }
  return result.data;
}

/** Reads and validates a JSON seed file. */
export async function loadSeedFile(
  path: string,
): Promise<z.infer<typeof SeedDataSchema>> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `Seed file ${path} is not valid JSON: ${(error as Error).message}`,
    );
  }
  return parseSeed(json);
}

/** The scopes the call-control integration registers. */
export const DEFAULT_INTEGRATION_SCOPES = [
  'spark:calls_write',
  'spark:kms',
  'spark:calls_read',
  'spark-admin:telephony_config_read',
  'spark:people_read',
];

/**
 * The default sandbox: the Call Control bot, Alice and Bob, and the
 * call-control integration. Its tokens and secrets are fixed on purpose:
 * the sandbox is local and its credentials are printed at start.
 */
export function defaultSeed(): SeedData {
  return {
    people: [
      {
        displayName: 'Call Control',
        email: 'callcontrol@webex.bot',
        type: 'bot',
        accessToken: 'sandbox-bot-token-callcontrol-0000000000000000',
      },
      {
        displayName: 'Alice Example',
        email: 'alice@example.com',
        extension: '1001',
        phoneNumber: '+15555550101',
        accessToken: 'sandbox-person-token-alice-00000000000000000000',
      },
      {
        displayName: 'Bob Example',
        email: 'bob@example.com',
        extension: '1002',
        phoneNumber: '+15555550102',
        accessToken: 'sandbox-person-token-bob-0000000000000000000000',
      },
    ],
    integrations: [
      {
        name: 'Call Control',
        clientId: `C${'5a4d'.repeat(16)}`,
        clientSecret: 'sandbox-client-secret-00000000000000000000000000000',
        redirectUris: ['http://localhost:6001/redirect'],
        scopes: DEFAULT_INTEGRATION_SCOPES,
      },
    ],
  };
}
