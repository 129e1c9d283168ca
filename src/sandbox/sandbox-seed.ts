/**
 * What the sandbox starts with: the emulator's default people and
 * integration, its redirect URI pointed at this run's bot, and an outside
 * caller to ring people from.
 */
import { defaultSeed, type SeedData } from '../emulator/seed.ts';

/** A caller outside the organisation, for "Ring me" in the console. */
export const EXTERNAL_CALLER = {
  name: 'Pat External',
  number: '+15555550199',
} as const;

/** The default seed, with `botRedirectUrl` registered on every integration. */
export function sandboxSeed(botRedirectUrl: string): SeedData {
  const seed = defaultSeed();
  return {
    ...seed,
    integrations: (seed.integrations ?? []).map((integration) => ({
      ...integration,
      redirectUris: integration.redirectUris.includes(botRedirectUrl)
        ? integration.redirectUris
        : [...integration.redirectUris, botRedirectUrl],
    })),
  };
}
