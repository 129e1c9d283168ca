/**
 * What the sandbox starts with: the emulator's default people and
 * integration, with a redirect URI pointed at this run's bot.
 */
import { defaultSeed, type SeedData } from '../emulator/seed.ts';

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
